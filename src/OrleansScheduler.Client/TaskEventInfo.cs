namespace OrleansScheduler.Client;

/// <summary>One transition of a task, as its queue's event stream holds it.</summary>
public sealed record TaskEventInfo
{
    /// <summary>
    /// The event's id in its queue's stream (<c>&lt;ms&gt;-&lt;seq&gt;</c>, increasing); pass it to
    /// <see cref="SchedulerClientHistoryExtensions.StreamEventsAsync"/> to resume after it.
    /// </summary>
    public required string Id { get; init; }
    /// <summary>The task that changed.</summary>
    public required string TaskId { get; init; }
    /// <summary>The task's queue.</summary>
    public required string Queue { get; init; }
    /// <summary>
    /// What happened: submitted, promoted, started, succeeded, retrying, failed, failedOver, released,
    /// canceled, paused, resumed, retried or deleted.
    /// </summary>
    public required string Type { get; init; }
    /// <summary>The state before; null when the task was submitted.</summary>
    public TaskState? From { get; init; }
    /// <summary>The state after; null when the task was deleted.</summary>
    public TaskState? To { get; init; }
    /// <summary>The silo of the attempt the event concerns, when there is one.</summary>
    public string? Silo { get; init; }
    /// <summary>The task's attempt count after the transition.</summary>
    public int Attempt { get; init; }
    /// <summary>When it happened.</summary>
    public DateTimeOffset Time { get; init; }
    /// <summary>The attempt's error, for retrying and failed.</summary>
    public string? Error { get; init; }
}
