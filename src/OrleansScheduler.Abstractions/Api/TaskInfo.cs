using System.Text.Json;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Api;

/// <summary>A task as the gateway shows it.</summary>
[GenerateSerializer, Alias("OrleansScheduler.TaskInfo")]
public sealed record TaskInfo
{
    /// <summary>The task id.</summary>
    [Id(0)] public required string Id { get; init; }
    /// <summary>The queue it waits or ran in.</summary>
    [Id(1)] public required string Queue { get; init; }
    /// <summary>The handler name.</summary>
    [Id(2)] public required string Type { get; init; }
    /// <summary>The current state.</summary>
    [Id(3)] public TaskState Status { get; init; }
    /// <summary>Attempts started so far.</summary>
    [Id(4)] public int Attempt { get; init; }
    /// <summary>Attempts allowed.</summary>
    [Id(5)] public int MaxAttempts { get; init; }
    /// <summary>Higher runs first.</summary>
    [Id(6)] public int Priority { get; init; }
    /// <summary>The payload.</summary>
    [Id(7)] public JsonElement Payload { get; init; }
    /// <summary>The handler's result, once Succeeded.</summary>
    [Id(8)] public JsonElement? Result { get; init; }
    /// <summary>The last attempt's error, if it failed.</summary>
    [Id(9)] public string? Error { get; init; }
    /// <summary>The latest progress reported (0–100).</summary>
    [Id(10)] public int? Progress { get; init; }
    /// <summary>The message of the latest progress report.</summary>
    [Id(11)] public string? ProgressMessage { get; init; }
    /// <summary>The per-attempt timeout in milliseconds.</summary>
    [Id(12)] public long TimeoutMs { get; init; }
    /// <summary>The first retry delay in milliseconds.</summary>
    [Id(13)] public long BackoffMs { get; init; }
    /// <summary>When it was submitted.</summary>
    [Id(14)] public DateTimeOffset CreatedAt { get; init; }
    /// <summary>When it becomes (or became) ready.</summary>
    [Id(15)] public DateTimeOffset? RunAt { get; init; }
    /// <summary>When the current or last attempt started.</summary>
    [Id(16)] public DateTimeOffset? StartedAt { get; init; }
    /// <summary>When it reached a terminal state.</summary>
    [Id(17)] public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>The silo that runs or last ran it: its Orleans address, <c>host:port@generation</c> (a restarted silo has a new generation).</summary>
    [Id(18)] public string? Silo { get; init; }
    /// <summary>How many times the silo running it died and it was requeued elsewhere.</summary>
    [Id(19)] public int Failovers { get; init; }
    /// <summary>The parent, when this task is a child (its id is <c>&lt;parent id&gt;.&lt;position&gt;</c>).</summary>
    [Id(20)] public string? ParentId { get; init; }
    /// <summary>How deep it is nested: 0 without a parent.</summary>
    [Id(21)] public int Depth { get; init; }
    /// <summary>How many children it has; 0 for a task that is no parent.</summary>
    [Id(22)] public int ChildCount { get; init; }
    /// <summary>How many of its children have finished (Succeeded, Failed or Canceled); its progress while it waits is this share.</summary>
    [Id(23)] public int ChildrenFinished { get; init; }
    /// <summary>How many of its children ended Failed or Canceled.</summary>
    [Id(24)] public int ChildrenFailed { get; init; }
    /// <summary>For a parent: what a failed child does (<c>collect</c>: the join decides; <c>failFast</c>: the parent fails); null for a task that is no parent.</summary>
    [Id(25)] public ChildFailurePolicy? FailurePolicy { get; init; }
    /// <summary>Whether its next or current run is its join step.</summary>
    [Id(26)] public bool IsJoin { get; init; }
    /// <summary>The workflow it is a node of; null outside workflows.</summary>
    [Id(27)] public string? WorkflowId { get; init; }
    /// <summary>Its key in its workflow.</summary>
    [Id(28)] public string? NodeKey { get; init; }
    /// <summary>Where and how it may run, as submitted (or taken from its queue's defaults); null for shared pull.</summary>
    [Id(29)] public TaskRouting? Routing { get; init; }
    /// <summary>
    /// The silo its routing chose (its address; only that silo claims it), <c>"-"</c> (<see cref="TaskRouting.NoSilo"/>)
    /// while no silo qualifies, or null when any silo its routing admits may claim it.
    /// </summary>
    [Id(30)] public string? RoutedTo { get; init; }
    /// <summary>Since when a Pending routed task has waited where it is (for its silo, or for one to qualify); null otherwise.</summary>
    [Id(31)] public DateTimeOffset? RoutedSince { get; init; }
    /// <summary>
    /// Why the task is waiting, in words, e.g. that its pinned silo is not Active or that no silo has the free slots
    /// its cost needs; null when it is not waiting for anything beyond a free slot.
    /// </summary>
    [Id(32)] public string? WaitingFor { get; init; }

    /// <summary>The application grain that runs the task (docs/executors.md); null when a handler of its type does.</summary>
    [Id(33)] public TaskTarget? Target { get; init; }
}
