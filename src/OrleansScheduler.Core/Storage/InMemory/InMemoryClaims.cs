using OrleansScheduler.Tasks;

namespace OrleansScheduler.Storage.InMemory;

/// <summary>
/// How the in-memory store hands out work: promotion of due Scheduled tasks and claims, which take the
/// shared ready set and the routing lanes the claiming silo may draw on in one priority order, holding each
/// routed task to <see cref="ClaimFit"/> and the queue to its limits. Under the shared lock.
/// </summary>
internal sealed class InMemoryClaims(InMemoryState state)
{
    /// <summary>How many due scheduled tasks one claim promotes at most, as in the Redis claim script.</summary>
    private const int PromoteLimit = 1000;

    public ClaimBatch Claim(ClaimRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (state.Gate)
        {
            var now = state.Now();
            if (!state.Queues.TryGetValue(request.Queue, out var queue)) return ClaimBatch.Empty;
            if (queue.RequeuedSilos.ContainsKey(request.SiloId)) return ClaimBatch.Refused;
            if (request.RequestId is { } requestId && queue.ClaimRequests.TryRecall(requestId, now, out var earlier))
                return Recall(queue, request.SiloId, earlier);
            if (queue.Paused) return ClaimBatch.Empty;
            PromoteDue(queue, now);
            int take = Allowed(queue, request.Max, now);
            DateTimeOffset? deferredUntil = null;
            // Unrouted work alone takes the path it always took: the shared set's first tasks, nothing to check.
            List<StoredTask> chosen = take == 0 ? [] : queue.Lanes.AnyFor(request.SiloId)
                ? Choose(queue, request, take, now, ref deferredUntil)
                : [.. queue.Ready.Take(Math.Min(take, request.Slots)).Select(entry => state.Tasks[entry.Id])];
            var claimed = new List<ClaimedTask>(chosen.Count);
            foreach (var task in chosen)
            {
                queue.LeaveWaiting(task);
                task.Attempt++;
                task.Token++;
                task.Silo = request.SiloId;
                task.StartedAt = now;
                task.Deadline = now + task.Spec.Timeout;
                queue.Start(task);
                queue.Record(task, TaskEventTypes.Started, TaskState.Pending, now, request.SiloId);
                claimed.Add(task.ToClaimed());
            }
            if (request.RequestId is { } id && claimed.Count > 0) queue.ClaimRequests.Remember(id, [.. claimed.Select(t => (t.Id, t.Token))], now);
            return new ClaimBatch(claimed, NextDueAt(queue, request.SiloId, claimed.Count, deferredUntil, now));
        }
    }

    /// <summary>A retried claim: what its request claimed before and still runs under that token on that silo; nothing new.</summary>
    private ClaimBatch Recall(QueueState queue, string siloId, (string Id, long Token)[] earlier)
    {
        var claimed = earlier
            .Select(e => state.Tasks.GetValueOrDefault(e.Id) is { State: TaskState.Running } task && task.Token == e.Token && task.Silo == siloId ? task : null)
            .OfType<StoredTask>()
            .Select(task => task.ToClaimed())
            .ToList();
        return new ClaimBatch(claimed, queue.Scheduled.Count > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(queue.Scheduled.Min.DueMs) : null);
    }

    /// <summary>Moves due Scheduled tasks of the queue to Pending (each into its lane); returns how many.</summary>
    public int Promote(string queueName)
    {
        lock (state.Gate) return state.Queues.TryGetValue(queueName, out var queue) ? PromoteDue(queue, state.Now()) : 0;
    }

    /// <summary>
    /// Up to <paramref name="take"/> tasks, costing at most the claim's slots, in claim order; a routed task only
    /// if it fits. Sets <paramref name="deferredUntil"/> to the earliest end of a deferral it met.
    /// </summary>
    private List<StoredTask> Choose(QueueState queue, ClaimRequest request, int take, DateTimeOffset now, ref DateTimeOffset? deferredUntil)
    {
        var chosen = new List<StoredTask>();
        var keyTaken = new Dictionary<string, int>(StringComparer.Ordinal);
        int slotsLeft = request.Slots;
        foreach (var (id, shared) in queue.Lanes.CandidatesFor(request.SiloId, queue.Ready))
        {
            if (chosen.Count >= take || slotsLeft <= 0) break;
            var task = state.Tasks[id];
            var routing = task.Spec.Routing ?? TaskRouting.Default;
            if (!shared)
            {
                string? key = routing.ConcurrencyKey;
                int running = key is null ? 0 : queue.Lanes.Running(key) + keyTaken.GetValueOrDefault(key);
                if (!ClaimFit.Fits(routing, request, slotsLeft, running)) continue;
                if (ClaimFit.DeferredUntil(routing, task.RoutedSince, request, now) is { } until)
                {
                    if (deferredUntil is null || until < deferredUntil) deferredUntil = until;
                    continue;
                }
                if (key is not null) keyTaken[key] = keyTaken.GetValueOrDefault(key) + 1;
            }
            slotsLeft -= shared ? 1 : routing.Cost;
            chosen.Add(task);
        }
        return chosen;
    }

    /// <summary>How many tasks this claim may start: <paramref name="max"/>, within the queue's concurrency and rate limits.</summary>
    private static int Allowed(QueueState queue, int max, DateTimeOffset now)
    {
        int allowed = Math.Max(0, max);
        if (queue.Limits.MaxConcurrency is { } concurrency)
            allowed = (int)Math.Clamp(concurrency - queue.Count(TaskState.Running), 0, allowed);
        if (queue.Limits.RatePerSecond is { } rate)
            allowed = Math.Min(allowed, queue.Bucket.Refill(rate, now.ToUnixTimeMilliseconds()));
        return allowed;
    }

    /// <summary>
    /// When the silo should look again: the next scheduled task; sooner, the rate bucket's next token when it held
    /// back work the silo may take, or the end of a deferral that left a task to another silo.
    /// </summary>
    private static DateTimeOffset? NextDueAt(QueueState queue, string silo, int claimed, DateTimeOffset? deferredUntil, DateTimeOffset now)
    {
        DateTimeOffset? nextDue = queue.Scheduled.Count > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(queue.Scheduled.Min.DueMs) : null;
        if (queue.Limits.RatePerSecond is { } rate)
        {
            queue.Bucket.Spend(claimed);
            bool heldBack = queue.Ready.Count > 0 || queue.Lanes.AnyFor(silo);
            if (heldBack && queue.Bucket.NextTokenAt(rate, now) is { } token && (nextDue is null || token < nextDue)) nextDue = token;
        }
        if (deferredUntil is { } until && (nextDue is null || until < nextDue)) nextDue = until;
        return nextDue;
    }

    private int PromoteDue(QueueState queue, DateTimeOffset now)
    {
        long nowMs = now.ToUnixTimeMilliseconds();
        int n = 0;
        for (; n < PromoteLimit && queue.Scheduled.Count > 0 && queue.Scheduled.Min.DueMs <= nowMs; n++)
        {
            var due = queue.Scheduled.Min;
            queue.Scheduled.Remove(due);
            var task = state.Tasks[due.Id];
            queue.MakeReady(task, now);
            queue.Record(task, TaskEventTypes.Promoted, TaskState.Scheduled, now);
        }
        return n;
    }
}
