using OrleansScheduler.Tasks;

namespace OrleansScheduler.Api;

/// <summary>One transition of a task, as its queue's event stream holds it.</summary>
[GenerateSerializer, Alias("OrleansScheduler.TaskEventInfo")]
public sealed record TaskEventInfo
{
    /// <summary>
    /// The event's id in its queue's stream (<c>&lt;ms&gt;-&lt;seq&gt;</c>, increasing); pass it to
    /// the event stream (<c>after</c>, or <c>Last-Event-ID</c>) to resume after it.
    /// </summary>
    [Id(0)] public required string Id { get; init; }
    /// <summary>The task that changed.</summary>
    [Id(1)] public required string TaskId { get; init; }
    /// <summary>The task's queue.</summary>
    [Id(2)] public required string Queue { get; init; }
    /// <summary>
    /// What happened: submitted, promoted, started, succeeded, retrying, failed, failedOver, released,
    /// canceled, paused, resumed, retried or deleted.
    /// </summary>
    [Id(3)] public required string Type { get; init; }
    /// <summary>The state before; null when the task was submitted.</summary>
    [Id(4)] public TaskState? From { get; init; }
    /// <summary>The state after; null when the task was deleted.</summary>
    [Id(5)] public TaskState? To { get; init; }
    /// <summary>The silo of the attempt the event concerns, when there is one.</summary>
    [Id(6)] public string? Silo { get; init; }
    /// <summary>The task's attempt count after the transition.</summary>
    [Id(7)] public int Attempt { get; init; }
    /// <summary>When it happened.</summary>
    [Id(8)] public DateTimeOffset Time { get; init; }
    /// <summary>The attempt's error, for retrying and failed.</summary>
    [Id(9)] public string? Error { get; init; }
    /// <summary>For <c>childFinished</c>: the share of the parent's children now finished (0–100); null otherwise.</summary>
    [Id(10)] public int? Progress { get; init; }
}
