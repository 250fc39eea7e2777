using Orleans.Concurrency;
using OrleansScheduler.Api;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Grains;

/// <summary>
/// One queue, by name: its pause, limits, stats, dead letters and events, and its sweeps (due tasks
/// promoted, attempts past their deadline timed out, finished tasks past retention removed). It wakes the
/// workers serving the queue when work may be waiting for them. Its state lives in the task store.
/// </summary>
[Alias("OrleansScheduler.IQueueGrain")]
public interface IQueueGrain : IGrainWithStringKey
{
    /// <summary>Whether any task was ever submitted to the queue (or it was paused or given limits).</summary>
    [Alias("exists")]
    Task<bool> ExistsAsync();

    /// <summary>The queue's counts per state, throughput, oldest pending age and limits.</summary>
    [Alias("stats")]
    Task<QueueInfo> GetStatsAsync();

    /// <summary>Pauses (true) or resumes the whole queue; running attempts go on. Idempotent.</summary>
    [Alias("setPaused")]
    Task<QueuePause> SetPausedAsync(bool paused);

    /// <summary>The queue's limits.</summary>
    [Alias("getLimits")]
    Task<QueueLimitsInfo> GetLimitsAsync();

    /// <summary>Replaces the queue's limits (null fields: none, default retention); an <see cref="ArgumentException"/> names what is invalid.</summary>
    [Alias("setLimits")]
    Task<QueueLimitsInfo> SetLimitsAsync(QueueLimits limits);

    /// <summary>The routing given to tasks submitted to the queue without one; null when none was set.</summary>
    [Alias("getRouting")]
    Task<TaskRouting?> GetRoutingAsync();

    /// <summary>
    /// Sets the queue's default routing (null removes it) and returns it as stored; tasks already submitted keep
    /// theirs. Creates the queue when it has none yet. An <see cref="ArgumentException"/> names what is invalid.
    /// </summary>
    [Alias("setRouting")]
    Task<TaskRouting?> SetRoutingAsync(TaskRouting? routing);

    /// <summary>
    /// Retries Failed tasks of the queue: those in <paramref name="ids"/>, or every one when it is null.
    /// Ids that are not Failed tasks of the queue are reported as skipped, not refused.
    /// </summary>
    [Alias("retryDeadLetters")]
    Task<DeadLetterRetryResult> RetryDeadLettersAsync(IReadOnlyList<string>? ids);

    /// <summary>Up to <paramref name="max"/> of the queue's events after the event id <paramref name="after"/> (null: the oldest kept), oldest first.</summary>
    [Alias("events"), AlwaysInterleave]
    Task<IReadOnlyList<TaskEventInfo>> ReadEventsAsync(string? after, int max);

    /// <summary>Runs the queue's sweeps once: promote due tasks, time out attempts past their deadline, remove finished tasks past retention. Idempotent.</summary>
    [Alias("sweep"), OneWay]
    Task SweepAsync();

    /// <summary>Work may be ready: tells the worker of every Active silo serving the queue to claim now.</summary>
    [Alias("wake"), OneWay, AlwaysInterleave]
    Task WakeWorkersAsync();
}
