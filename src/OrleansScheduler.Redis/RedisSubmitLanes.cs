using System.Collections.Concurrent;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Redis;

/// <summary>
/// Sends small submissions to one queue together. While a submit.lua call for the queue is in flight, the
/// submissions that arrive wait for it and then go as one batch in the next call; a submission that finds
/// nothing in flight goes at once, so a quiet queue waits for nothing. Many clients submitting one task
/// each then cost Redis a call per batch instead of per task, which is what keeps a queue's latency flat
/// at thousands of single submissions a second. Only submissions that cannot be refused are combined
/// (no client-chosen ids, no idempotency keys: a refusal would refuse every submission in the call).
/// Each caller's submission completes once its own tasks are stored, or fails with the call's error.
/// </summary>
internal sealed class RedisSubmitLanes(Func<string, List<TaskSubmission>, string[], Task> send)
{
    /// <summary>Most tasks one combined call carries; submissions are never split across calls.</summary>
    public const int MaxTasksPerCall = 1000;

    private sealed record Waiting(IReadOnlyList<TaskSubmission> Tasks, string[] Ids, TaskCompletionSource Stored);

    private sealed class Lane
    {
        public readonly Queue<Waiting> Waiting = new();
        public bool Sending;
    }

    private readonly ConcurrentDictionary<string, Lane> _lanes = new(StringComparer.Ordinal);

    /// <summary>Stores <paramref name="tasks"/> in <paramref name="queue"/> under <paramref name="ids"/>, in some call.</summary>
    public async Task SubmitAsync(string queue, IReadOnlyList<TaskSubmission> tasks, string[] ids)
    {
        var lane = _lanes.GetOrAdd(queue, _ => new Lane());
        var waiting = new Waiting(tasks, ids, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
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
            await SendNextAsync(queue, lane);
            _ = SendAllAsync(queue, lane);
        }
        await waiting.Stored.Task;
    }

    private async Task SendAllAsync(string queue, Lane lane)
    {
        while (await SendNextAsync(queue, lane))
        {
        }
    }

    /// <summary>Sends the submissions waiting (up to the limit) in one call; false once none are left, and the lane is idle.</summary>
    private async Task<bool> SendNextAsync(string queue, Lane lane)
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
        var ids = new string[count];
        int at = 0;
        foreach (var waiting in batch)
        {
            tasks.AddRange(waiting.Tasks);
            waiting.Ids.CopyTo(ids, at);
            at += waiting.Ids.Length;
        }
        try
        {
            await send(queue, tasks, ids).ConfigureAwait(false);
            foreach (var waiting in batch) waiting.Stored.TrySetResult();
        }
        catch (Exception e)
        {
            foreach (var waiting in batch) waiting.Stored.TrySetException(e);
        }
        return true;
    }
}
