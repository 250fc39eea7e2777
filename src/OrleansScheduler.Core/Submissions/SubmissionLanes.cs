using System.Collections.Concurrent;
using System.Diagnostics;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Telemetry;

namespace OrleansScheduler.Submissions;

/// <summary>
/// Sends small submissions to one queue together (the submitter grain's grouping). While a store call for
/// the queue is in flight, the submissions that arrive wait for it and then go as one batch in the next
/// call; a submission that finds nothing in flight goes at once, so a quiet queue waits for nothing. Many
/// clients submitting one task each then cost the store a call per batch instead of per task, which keeps
/// a queue's latency flat at thousands of single submissions a second. Only submissions that cannot be
/// refused are combined (<see cref="CanShare"/>): a refusal would refuse every submission in the call.
/// Each caller gets its own tasks' ids, in order, and the call's idle queues; or the call's error. Each store
/// call's latency goes to <paramref name="metrics"/> (operation <c>submit</c>) when given.
/// </summary>
public sealed class SubmissionLanes(ITaskStore store, SchedulerMetrics? metrics = null)
{
    /// <summary>Most tasks a submission may hold to share a call with others; larger ones are a batch already.</summary>
    public const int MaxSharedSubmission = 100;

    /// <summary>Most tasks one combined call carries; submissions are never split across calls.</summary>
    public const int MaxTasksPerCall = 1000;

    private sealed record Waiting(IReadOnlyList<TaskSubmission> Tasks, TaskCompletionSource<SubmittedTasks> Stored);

    private sealed class Lane
    {
        public readonly Queue<Waiting> Waiting = new();
        public bool Sending;
    }

    private readonly ConcurrentDictionary<string, Lane> _lanes = new(StringComparer.Ordinal);

    /// <summary>
    /// True when <paramref name="tasks"/> may share a call: 1 to <see cref="MaxSharedSubmission"/> tasks of
    /// one queue, none with a client-chosen id or an idempotency key (the checks a call can fail on).
    /// </summary>
    public static bool CanShare(IReadOnlyList<TaskSubmission> tasks)
    {
        if (tasks.Count is 0 or > MaxSharedSubmission) return false;
        string queue = tasks[0].Queue;
        foreach (var task in tasks)
        {
            if (task.Id is not null || task.IdempotencyKey is not null || !string.Equals(task.Queue, queue, StringComparison.Ordinal)) return false;
        }
        return true;
    }

    /// <summary>Stores <paramref name="tasks"/>: shared with others arriving meanwhile when <see cref="CanShare"/>, on their own otherwise.</summary>
    public Task<SubmittedTasks> SubmitAsync(IReadOnlyList<TaskSubmission> tasks) =>
        CanShare(tasks) ? SubmitSharedAsync(tasks[0].Queue, tasks) : StoreAsync(tasks);

    private async Task<SubmittedTasks> StoreAsync(IReadOnlyList<TaskSubmission> tasks)
    {
        long started = Stopwatch.GetTimestamp();
        var stored = await store.SubmitAsync(tasks).ConfigureAwait(false);
        metrics?.StoreCall("submit", started);
        return stored;
    }

    private async Task<SubmittedTasks> SubmitSharedAsync(string queue, IReadOnlyList<TaskSubmission> tasks)
    {
        var lane = _lanes.GetOrAdd(queue, _ => new Lane());
        var waiting = new Waiting(tasks, new TaskCompletionSource<SubmittedTasks>(TaskCreationOptions.RunContinuationsAsynchronously));
        bool start;
        lock (lane)
        {
            lane.Waiting.Enqueue(waiting);
            start = !lane.Sending;
            lane.Sending = true;
        }
        if (start)
        {
            // This caller sends the first call (its own submission is in it) and awaits it itself, which spares
            // it a hand-off between threads; what queued meanwhile goes on in the background.
            await SendNextAsync(lane).ConfigureAwait(false);
            _ = SendAllAsync(lane);
        }
        return await waiting.Stored.Task.ConfigureAwait(false);
    }

    private async Task SendAllAsync(Lane lane)
    {
        while (await SendNextAsync(lane).ConfigureAwait(false))
        {
        }
    }

    /// <summary>Sends the submissions waiting (up to the limit) in one call; false once none are left, and the lane is idle.</summary>
    private async Task<bool> SendNextAsync(Lane lane)
    {
        var batch = new List<Waiting>();
        int count = 0;
        lock (lane)
        {
            while (lane.Waiting.TryPeek(out var next) && (batch.Count == 0 || count + next.Tasks.Count <= MaxTasksPerCall))
            {
                batch.Add(lane.Waiting.Dequeue());
                count += next.Tasks.Count;
            }
            if (batch.Count == 0)
            {
                lane.Sending = false;
                return false;
            }
        }
        var tasks = new List<TaskSubmission>(count);
        foreach (var waiting in batch) tasks.AddRange(waiting.Tasks);
        try
        {
            var stored = await StoreAsync(tasks).ConfigureAwait(false);
            int at = 0;
            foreach (var waiting in batch)
            {
                var ids = new string[waiting.Tasks.Count];
                for (int k = 0; k < ids.Length; k++) ids[k] = stored[at + k];
                at += ids.Length;
                // The call's idle queues go to its first caller only: one wake-up per call is enough.
                waiting.Stored.TrySetResult(new SubmittedTasks(ids, ReferenceEquals(waiting, batch[0]) ? stored.IdleQueues : []));
            }
        }
        catch (Exception e)
        {
            foreach (var waiting in batch) waiting.Stored.TrySetException(e);
        }
        return true;
    }
}
