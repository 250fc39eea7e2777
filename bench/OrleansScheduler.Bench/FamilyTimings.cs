using System.Diagnostics;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Bench;

/// <summary>
/// When a parent and its children ran, from the store's records: waits until the parent is terminal,
/// then reads its attempts (the spawning one ends <see cref="TaskAttemptOutcomes.Waiting"/>, the join
/// step's is the last) and every child's FinishedAt.
/// </summary>
/// <param name="Parent">The parent, Succeeded.</param>
/// <param name="SpawnStarted">When the parent's first attempt, the one that spawned the children, started.</param>
/// <param name="SpawnTime">That attempt, from its start until it ended waiting.</param>
/// <param name="LastChildFinished">The latest FinishedAt of the children.</param>
/// <param name="JoinStarted">When the join step's attempt started.</param>
/// <param name="JoinTime">The join step, from its start until the parent finished.</param>
public sealed record FamilyTimings(TaskRecord Parent, DateTimeOffset SpawnStarted, TimeSpan SpawnTime, DateTimeOffset LastChildFinished,
    DateTimeOffset JoinStarted, TimeSpan JoinTime)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(60);

    /// <summary>Waits for <paramref name="parentId"/> to succeed with <paramref name="children"/> children and reads the timings.</summary>
    /// <exception cref="InvalidOperationException">The parent or a child did not succeed, or the records are not what a fan-out leaves.</exception>
    /// <exception cref="TimeoutException">No child finished for a minute.</exception>
    public static async Task<FamilyTimings> ReadAsync(ITaskStore store, string parentId, int children, CancellationToken cancellationToken)
    {
        var parent = await WaitTerminalAsync(store, parentId, cancellationToken);
        if (parent.Status != TaskState.Succeeded || parent.ChildCount != children || parent.ChildrenFinished != children)
        {
            throw new InvalidOperationException($"Parent '{parentId}' ended {parent.Status} with {parent.ChildrenFinished} of {parent.ChildCount} children finished "
                + $"({parent.Error}); expected Succeeded with all {children}.");
        }
        var attempts = await store.GetAttemptsAsync(parentId, cancellationToken) ?? throw new InvalidOperationException($"Parent '{parentId}' is gone.");
        var spawn = attempts.FirstOrDefault(a => a.Outcome == TaskAttemptOutcomes.Waiting);
        var join = attempts[^1];
        if (spawn is not { FinishedAt: { } waited } || join.Outcome != TaskAttemptOutcomes.Succeeded || parent.FinishedAt is not { } finished)
        {
            throw new InvalidOperationException($"Parent '{parentId}' has attempts [{string.Join(", ", attempts.Select(a => a.Outcome))}]; "
                + $"expected a '{TaskAttemptOutcomes.Waiting}' one, then the join's '{TaskAttemptOutcomes.Succeeded}'.");
        }
        var lastChild = await LastChildFinishedAsync(store, parentId, children, cancellationToken);
        return new FamilyTimings(parent, spawn.StartedAt, waited - spawn.StartedAt, lastChild, join.StartedAt, finished - join.StartedAt);
    }

    private static async Task<TaskRecord> WaitTerminalAsync(ITaskStore store, string parentId, CancellationToken cancellationToken)
    {
        int lastFinished = -1;
        var sinceProgress = Stopwatch.StartNew();
        while (true)
        {
            var parent = await store.GetAsync(parentId, cancellationToken) ?? throw new InvalidOperationException($"Parent '{parentId}' is gone.");
            if (parent.Status is TaskState.Succeeded or TaskState.Failed or TaskState.Canceled) return parent;
            if (parent.ChildrenFinished > lastFinished) { lastFinished = parent.ChildrenFinished; sinceProgress.Restart(); }
            else if (sinceProgress.Elapsed > StallLimit)
            {
                throw new TimeoutException($"Parent '{parentId}' is still {parent.Status} with {parent.ChildrenFinished} of {parent.ChildCount} children finished "
                    + $"and none finished for {StallLimit.TotalSeconds} s; expected it to join.");
            }
            await Task.Delay(PollInterval, cancellationToken); // polling interval: the parent's record is one small read
        }
    }

    private static async Task<DateTimeOffset> LastChildFinishedAsync(ITaskStore store, string parentId, int children, CancellationToken cancellationToken)
    {
        var finishedAt = new DateTimeOffset[children];
        await Parallel.ForEachAsync(Enumerable.Range(0, children), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                string id = $"{parentId}.{i}";
                var child = await store.GetAsync(id, token);
                finishedAt[i] = child is { Status: TaskState.Succeeded, FinishedAt: { } finished }
                    ? finished
                    : throw new InvalidOperationException($"Child '{id}' is {child?.Status.ToString() ?? "gone"}; expected Succeeded with a FinishedAt.");
            });
        return finishedAt.Max();
    }
}
