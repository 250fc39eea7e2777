namespace OrleansScheduler.Storage;

/// <summary>
/// The queues as a whole: which exist, pausing them, their cluster-wide limits, their stats, and the
/// retention sweep of their finished tasks. Part of <see cref="ITaskStore"/>.
/// </summary>
public interface IQueueAdmin
{
    /// <summary>
    /// Pauses (<paramref name="paused"/> true) or resumes a whole queue: while it is paused no task
    /// of it is claimed, and attempts already running continue. Pausing a queue that has no task
    /// yet creates it, so it can be paused before its first submission. Idempotent.
    /// </summary>
    /// <exception cref="ArgumentException">The queue name is invalid.</exception>
    Task SetQueuePausedAsync(string queue, bool paused, CancellationToken cancellationToken = default);

    /// <summary>The queues that are paused now, sorted.</summary>
    Task<IReadOnlyList<string>> ListPausedQueuesAsync(CancellationToken cancellationToken = default);

    /// <summary>The names of every queue a task was ever submitted to (or that was paused or given limits), sorted.</summary>
    Task<IReadOnlyList<string>> ListQueuesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the queue's limits (null fields: no limit, default retention); claims on every silo
    /// obey them from the next claim on. Creates the queue like pausing does. Idempotent.
    /// </summary>
    /// <exception cref="ArgumentException">The queue name or a limit is invalid (<see cref="QueueLimits.Validate"/>); nothing changed.</exception>
    Task SetQueueLimitsAsync(string queue, QueueLimits limits, CancellationToken cancellationToken = default);

    /// <summary>The queue's limits; <see cref="QueueLimits.None"/> when none were set.</summary>
    /// <exception cref="ArgumentException">The queue name is invalid.</exception>
    Task<QueueLimits> GetQueueLimitsAsync(string queue, CancellationToken cancellationToken = default);

    /// <summary>The queue's counts per state, throughput, oldest pending age and limits (all zero for a queue never used).</summary>
    /// <exception cref="ArgumentException">The queue name is invalid.</exception>
    Task<QueueStats> GetQueueStatsAsync(string queue, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes the queue's finished tasks (Succeeded, Failed, Canceled) whose finish is older than
    /// the queue's retention, with their logs, attempts and idempotency keys; at most
    /// <paramref name="max"/> per call, oldest first. Emits no events. Idempotent; returns how many it removed.
    /// </summary>
    Task<int> SweepFinishedAsync(string queue, int max = 1000, CancellationToken cancellationToken = default);
}
