namespace OrleansScheduler.Tasks;

/// <summary>
/// One attempt handed to a worker. <see cref="Token"/> is the attempt's fencing token: every later
/// write of this attempt (complete, fail) must present it, so a worker whose attempt was replaced
/// can never overwrite the outcome of the attempt that replaced it.
/// </summary>
public sealed record ClaimedTask(
    string Id,
    string Queue,
    string Type,
    string Payload,
    int Attempt,
    int MaxAttempts,
    long Token,
    TimeSpan Timeout,
    DateTimeOffset Deadline)
{
    /// <summary>How deep the task is nested (0 without a parent); its children are one deeper.</summary>
    public int Depth { get; init; }

    /// <summary>True when this run is the parent's join step: its children are all terminal.</summary>
    public bool IsJoin { get; init; }

    /// <summary>The JSON text the spawning attempt handed to the join step; null for none.</summary>
    public string? JoinState { get; init; }

    /// <summary>How many children the task has.</summary>
    public int ChildCount { get; init; }

    /// <summary>The workflow the task is a node of; null outside workflows.</summary>
    public WorkflowNodeLink? Node { get; init; }

    /// <summary>The task's routing (its cost, labels, key and, for a shard, its index); null for shared pull.</summary>
    public TaskRouting? Routing { get; init; }

    /// <summary>The application grain that runs the attempt instead of a handler; null: a handler of <see cref="Type"/>.</summary>
    public TaskTarget? Target { get; init; }

    /// <summary>The submitter's W3C <c>traceparent</c> (<see cref="TaskSubmission.TraceParent"/>): the parent of the attempt's activity; null for none.</summary>
    public string? TraceParent { get; init; }

    /// <summary>The submitter's W3C <c>tracestate</c>; null for none.</summary>
    public string? TraceState { get; init; }

    /// <summary>When the task became due (its run-at, else its creation), for the queue wait metric; null when the store does not say.</summary>
    public DateTimeOffset? ReadyAt { get; init; }

    /// <summary>The slots the attempt takes on its silo while it runs.</summary>
    public int Cost => Routing?.Cost ?? 1;
}
