namespace OrleansScheduler.Tasks;

/// <summary>
/// One transition of a task, as its queue's event stream keeps it (DESIGN.md §3): every store
/// transition appends one, in the same atomic step as the change itself.
/// </summary>
public sealed record TaskEvent
{
    /// <summary>
    /// The event's position in its queue's stream, <c>&lt;unix ms&gt;-&lt;sequence&gt;</c> (a Redis
    /// stream id), increasing within the queue. Clients resume after it (SSE Last-Event-ID).
    /// </summary>
    public required string Id { get; init; }
    /// <summary>The task that changed.</summary>
    public required string TaskId { get; init; }
    /// <summary>The task's queue.</summary>
    public required string Queue { get; init; }
    /// <summary>What happened: one of <see cref="TaskEventTypes"/>.</summary>
    public required string Type { get; init; }
    /// <summary>The state before; null when the task was submitted.</summary>
    public TaskState? From { get; init; }
    /// <summary>The state after; null when the task was deleted.</summary>
    public TaskState? To { get; init; }
    /// <summary>The silo of the attempt the event concerns (started, succeeded, retrying, failed, failedOver, released, and canceled while Running); null otherwise.</summary>
    public string? Silo { get; init; }
    /// <summary>The task's attempt count after the transition.</summary>
    public int Attempt { get; init; }
    /// <summary>When it happened (the store's clock).</summary>
    public DateTimeOffset Time { get; init; }
    /// <summary>The attempt's error, for retrying and failed.</summary>
    public string? Error { get; init; }
    /// <summary>For <see cref="TaskEventTypes.ChildFinished"/>: the share of the parent's children now terminal (0–100); null otherwise.</summary>
    public int? Progress { get; init; }
}
