namespace OrleansScheduler.Tasks;

/// <summary>A snapshot of a stored task, as the API shows it.</summary>
public sealed record TaskRecord
{
    /// <summary>The task id.</summary>
    public required string Id { get; init; }
    /// <summary>The queue it waits or ran in.</summary>
    public required string Queue { get; init; }
    /// <summary>The handler name.</summary>
    public required string Type { get; init; }
    /// <summary>The current state.</summary>
    public required TaskState Status { get; init; }
    /// <summary>Attempts started so far (0 before the first claim).</summary>
    public int Attempt { get; init; }
    /// <summary>Attempts allowed.</summary>
    public int MaxAttempts { get; init; }
    /// <summary>Higher runs first.</summary>
    public int Priority { get; init; }
    /// <summary>The payload as JSON text.</summary>
    public string Payload { get; init; } = "null";
    /// <summary>The handler's return value as JSON text, once Succeeded.</summary>
    public string? Result { get; init; }
    /// <summary>The last attempt's error, if it failed.</summary>
    public string? Error { get; init; }
    /// <summary>The latest progress a handler reported (0–100), if any.</summary>
    public int? Progress { get; init; }
    /// <summary>The message of the latest progress report.</summary>
    public string? ProgressMessage { get; init; }
    /// <summary>The per-attempt timeout.</summary>
    public TimeSpan Timeout { get; init; }
    /// <summary>The first retry delay.</summary>
    public TimeSpan Backoff { get; init; }
    /// <summary>When it was submitted.</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>When it becomes (or became) ready: the delay's end or the retry time.</summary>
    public DateTimeOffset? RunAt { get; init; }
    /// <summary>When the current or last attempt started.</summary>
    public DateTimeOffset? StartedAt { get; init; }
    /// <summary>When it reached a terminal state.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>The silo that runs or last ran it.</summary>
    public string? Silo { get; init; }
    /// <summary>How many times the silo running it died and it was requeued.</summary>
    public int Failovers { get; init; }
    /// <summary>The fencing token of the current or last attempt.</summary>
    public long Token { get; init; }
    /// <summary>The parent, when this task is a child; its position among the parent's children is <see cref="ChildIndex"/>.</summary>
    public string? ParentId { get; init; }
    /// <summary>The parent's queue, when this task is a child.</summary>
    public string? ParentQueue { get; init; }
    /// <summary>Its position among its parent's children, from 0; 0 when it is no child.</summary>
    public int ChildIndex { get; init; }
    /// <summary>How deep it is nested: 0 for a task with no parent, its parent's depth + 1 for a child.</summary>
    public int Depth { get; init; }
    /// <summary>How many children it has spawned (or was submitted with); 0 for a task that is no parent.</summary>
    public int ChildCount { get; init; }
    /// <summary>How many of its children have reached a terminal state (each counted once).</summary>
    public int ChildrenFinished { get; init; }
    /// <summary>How many of its children ended Failed or Canceled (each counted once, at its first terminal state).</summary>
    public int ChildrenFailed { get; init; }
    /// <summary>What it does when a child ends Failed or Canceled.</summary>
    public ChildFailurePolicy FailurePolicy { get; init; }
    /// <summary>Whether its next or current run is its join step (its children are all terminal).</summary>
    public bool IsJoin { get; init; }
    /// <summary>The JSON text its spawning attempt handed to the join step; null for none.</summary>
    public string? JoinState { get; init; }
    /// <summary>The workflow it is a node of, with its key and dependencies; null for a task outside workflows.</summary>
    public WorkflowNodeLink? Node { get; init; }
    /// <summary>Where and how it may run; null for shared pull.</summary>
    public TaskRouting? Routing { get; init; }
    /// <summary>The silo its routing chose (only that silo may claim it), <see cref="TaskRouting.NoSilo"/> while none qualifies, or null.</summary>
    public string? RoutedTo { get; init; }
    /// <summary>When it last became ready for its routed silo (or began waiting for one); null when not routed or not Pending.</summary>
    public DateTimeOffset? RoutedSince { get; init; }

    /// <summary>The application grain that runs the task; null when a handler of <see cref="Type"/> does.</summary>
    public TaskTarget? Target { get; init; }
}
