using OrleansScheduler.Tasks;

namespace OrleansScheduler.Storage;

/// <summary>
/// What a store remembers of how tasks got where they are: the per-queue event stream, each task's
/// attempts and its handler's log lines (all bounded by <see cref="HistoryLimits"/>). Part of
/// <see cref="ITaskStore"/>: events and attempts are written by the transitions themselves.
/// </summary>
public interface ITaskHistory
{
    /// <summary>
    /// Stores log lines handlers wrote (each cut to <see cref="HistoryLimits.MaxLogLineLength"/>),
    /// keeping the newest <see cref="HistoryLimits.MaxLogLines"/> per task in the order given. Lines
    /// of tasks that no longer exist are dropped. No token check: a canceled attempt's last words count.
    /// </summary>
    Task AppendLogsAsync(IReadOnlyList<TaskLogEntry> lines, CancellationToken cancellationToken = default);

    /// <summary>The task's log lines, oldest first; null when there is no such task.</summary>
    Task<IReadOnlyList<TaskLogEntry>?> GetLogsAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// The task's attempts, oldest first: the finished ones kept (at most
    /// <see cref="HistoryLimits.MaxAttemptHistory"/>), then the one running now, if any, with outcome
    /// <see cref="TaskAttemptOutcomes.Running"/>. Null when there is no such task.
    /// </summary>
    Task<IReadOnlyList<TaskAttempt>?> GetAttemptsAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="max"/> events of <paramref name="queue"/> after the event id
    /// <paramref name="after"/> (exclusive; null for the oldest kept), oldest first.
    /// </summary>
    /// <exception cref="ArgumentException">The queue name or <paramref name="after"/> is not valid.</exception>
    Task<IReadOnlyList<TaskEvent>> ReadEventsAsync(string queue, string? after, int max, CancellationToken cancellationToken = default);

    /// <summary>The task's events still in its queue's stream, oldest first; null when there is no such task.</summary>
    Task<IReadOnlyList<TaskEvent>?> GetTaskEventsAsync(string id, CancellationToken cancellationToken = default);
}
