using OrleansScheduler.Tasks;

namespace OrleansScheduler.Storage.InMemory;

/// <summary>The in-memory store's queue administration: pause, limits, stats and the retention sweep, under the shared lock.</summary>
internal sealed class InMemoryQueueAdmin(InMemoryState state, InMemoryFamilies families)
{
    public void SetPaused(string queue, bool paused)
    {
        InMemoryState.ThrowIfInvalidQueue(queue);
        lock (state.Gate) state.Queue(queue).Paused = paused;
    }

    public IReadOnlyList<string> ListPaused()
    {
        lock (state.Gate) return [.. state.Queues.Where(q => q.Value.Paused).Select(q => q.Key)];
    }

    public IReadOnlyList<string> ListQueues()
    {
        lock (state.Gate) return [.. state.Queues.Keys];
    }

    public void SetLimits(string queue, QueueLimits limits)
    {
        InMemoryState.ThrowIfInvalidQueue(queue);
        ArgumentNullException.ThrowIfNull(limits);
        var errors = limits.Validate();
        if (errors.Count > 0)
            throw new ArgumentException($"Limits of queue '{queue}' are invalid: " + string.Join(" ", errors.Select(e => $"{e.Field}: {e.Message}")), nameof(limits));
        lock (state.Gate)
        {
            var q = state.Queue(queue);
            // Tokens earned until now were earned at the old rate; only then does the new one apply.
            if (q.Limits.RatePerSecond is { } oldRate) q.Bucket.RefillIfUsed(oldRate, state.Now().ToUnixTimeMilliseconds());
            q.Limits = limits;
            if (limits.RatePerSecond is { } rate) q.Bucket.Clamp(rate);
        }
    }

    public QueueLimits GetLimits(string queue)
    {
        InMemoryState.ThrowIfInvalidQueue(queue);
        lock (state.Gate) return state.Queues.TryGetValue(queue, out var q) ? q.Limits : QueueLimits.None;
    }

    public QueueStats Stats(string queue)
    {
        InMemoryState.ThrowIfInvalidQueue(queue);
        lock (state.Gate)
        {
            var now = state.Now();
            if (!state.Queues.TryGetValue(queue, out var q))
                return new QueueStats { Queue = queue, Counts = Enum.GetValues<TaskState>().ToDictionary(s => s, _ => 0L), Limits = QueueLimits.None };
            var (succeeded, failed) = q.Throughput.LastMinute(now);
            return new QueueStats
            {
                Queue = queue,
                Paused = q.Paused,
                Counts = Enum.GetValues<TaskState>().ToDictionary(s => s, q.Count),
                SucceededLastMinute = succeeded,
                FailedLastMinute = failed,
                OldestPendingAge = OldestPendingAge(q, now),
                Limits = q.Limits,
            };
        }
    }

    public int Sweep(string queue, int max)
    {
        if (max < 1 || !TaskLimits.IsValidQueue(queue)) return 0;
        int removed = 0;
        lock (state.Gate)
        {
            var now = state.Now();
            state.IdempotencyKeys.ForgetExpired(now);
            if (!state.Queues.TryGetValue(queue, out var q)) return 0;
            long cutoffMs = (now - q.Limits.EffectiveRetention).ToUnixTimeMilliseconds();
            // A child is never removed on its own: it goes with its parent, children first.
            var due = q.Finished.TakeWhile(f => f.FinishedMs <= cutoffMs).Select(f => state.Tasks[f.Id]).Where(t => t.ParentId is null).Take(max).ToList();
            foreach (var task in due)
            {
                if (removed >= max) break;
                removed += families.RemoveFamily(task, now, record: false);
            }
        }
        return removed;
    }

    /// <summary>
    /// How long the longest-waiting Pending task has been due, in the shared ready set or any routing lane,
    /// looking only at the head (first in claim order) of each priority of each, as the Redis store does:
    /// one lookup per priority, not a scan.
    /// </summary>
    private TimeSpan? OldestPendingAge(QueueState q, DateTimeOffset now)
    {
        var oldest = DateTimeOffset.MaxValue;
        foreach (var set in q.Lanes.All.Prepend(q.Ready))
        {
            for ((long Score, string Id)? head = set.Count > 0 ? set.Min : null; head is { } h; head = NextPriorityHead(set, h.Score))
            {
                var task = state.Tasks[h.Id];
                var dueSince = task.RunAt ?? task.CreatedAt;
                if (dueSince < oldest) oldest = dueSince;
            }
        }
        if (oldest == DateTimeOffset.MaxValue) return null;
        return oldest < now ? now - oldest : TimeSpan.Zero;
    }

    /// <summary>The first entry of <paramref name="set"/> of the next lower priority after the one <paramref name="score"/> belongs to.</summary>
    private static (long Score, string Id)? NextPriorityHead(SortedSet<(long Score, string Id)> set, long score)
    {
        long nextBand = ((score >> 42) + 1) << 42;
        if (set.Max.Score < nextBand) return null;
        return set.GetViewBetween((nextBand, ""), set.Max).Min;
    }
}
