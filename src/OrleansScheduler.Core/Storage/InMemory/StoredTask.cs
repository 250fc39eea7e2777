using OrleansScheduler.Tasks;

namespace OrleansScheduler.Storage.InMemory;

/// <summary>The mutable state of one task inside <see cref="InMemoryTaskStore"/>; only touched under the store's lock.</summary>
internal sealed class StoredTask(string id, TaskSubmission spec, DateTimeOffset createdAt)
{
    public string Id { get; } = id;
    public TaskSubmission Spec { get; } = spec;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public TaskState State { get; set; }
    public int Attempt { get; set; }
    public long Token { get; set; }
    public long ReadyScore { get; set; }
    public DateTimeOffset? RunAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public DateTimeOffset Deadline { get; set; }
    public string? Silo { get; set; }
    public string? Result { get; set; }
    public string? Error { get; set; }
    public int Failovers { get; set; }
    public int? Progress { get; set; }
    public string? ProgressMessage { get; set; }

    // Its routing (DESIGN.md §7): the silo it is routed to (or NoSilo) and since when it waits in its lane.
    public string? RoutedTo { get; set; } = spec.RoutedTo;
    public DateTimeOffset RoutedSince { get; set; }

    /// <summary>Whether, while Pending, it waits in a routing lane of its queue rather than the shared ready set.</summary>
    public bool WaitsInLane => RoutedTo is not null || Spec.Routing is { FiltersAtClaim: true };

    // Its family (DESIGN.md §8): as a child, its parent and position; as a parent, its children's count and outcomes.
    public string? ParentId { get; set; }
    public string? ParentQueue { get; set; }
    public int ChildIndex { get; set; }
    public int Depth { get; set; }
    public int ChildCount { get; set; }
    public int ChildrenFinished { get; set; }
    public int ChildrenFailed { get; set; }
    public ChildFailurePolicy FailurePolicy { get; set; }
    public bool IsJoin { get; set; }
    public string? JoinState { get; set; }

    /// <summary>Whether its first terminal state was counted for its parent or told to its workflow (a retried task is not counted again).</summary>
    public bool Counted { get; set; }

    /// <summary>Whether its queue counts it yet (false only while it is being stored).</summary>
    public bool Indexed { get; set; }

    /// <summary>Its finished attempts and log lines.</summary>
    public StoredTaskHistory History { get; } = new();

    /// <summary>The attempt under way, as the history lists it; null unless Running.</summary>
    public TaskAttempt? RunningAttempt => State == TaskState.Running
        ? new TaskAttempt { Number = Attempt, Silo = Silo!, StartedAt = StartedAt!.Value, Outcome = TaskAttemptOutcomes.Running }
        : null;

    /// <summary>Records the attempt under way (number not yet lowered by a hand-back) as ended with <paramref name="outcome"/>.</summary>
    public void EndAttempt(string outcome, DateTimeOffset now, HistoryLimits limits, string? error = null) =>
        History.EndAttempt(new TaskAttempt
        {
            Number = Attempt,
            Silo = Silo!,
            StartedAt = StartedAt!.Value,
            FinishedAt = now,
            Outcome = outcome,
            Error = error,
        }, limits);

    /// <summary>
    /// Whether its last ended attempt is attempt <paramref name="number"/>, ended with <paramref name="outcome"/>, and
    /// its token is now <paramref name="token"/>: what a retried outcome of that attempt finds once the first was recorded.
    /// </summary>
    public bool LastEndedAs(string outcome, int number, long token) =>
        Token == token && History.LastEnded is { } last && last.Outcome == outcome && last.Number == number;

    public TaskRecord ToRecord() => new()
    {
        Id = Id,
        Queue = Spec.Queue,
        Type = Spec.Type,
        Status = State,
        Attempt = Attempt,
        MaxAttempts = Spec.MaxAttempts,
        Priority = Spec.Priority,
        Payload = Spec.Payload,
        Result = Result,
        Error = Error,
        Progress = Progress,
        ProgressMessage = ProgressMessage,
        Timeout = Spec.Timeout,
        Backoff = Spec.Backoff,
        CreatedAt = CreatedAt,
        RunAt = RunAt,
        StartedAt = StartedAt,
        FinishedAt = FinishedAt,
        Silo = Silo,
        Failovers = Failovers,
        Token = Token,
        ParentId = ParentId,
        ParentQueue = ParentQueue,
        ChildIndex = ChildIndex,
        Depth = Depth,
        ChildCount = ChildCount,
        ChildrenFinished = ChildrenFinished,
        ChildrenFailed = ChildrenFailed,
        FailurePolicy = FailurePolicy,
        IsJoin = IsJoin,
        JoinState = JoinState,
        Node = Spec.Node,
        Routing = Spec.Routing,
        RoutedTo = RoutedTo,
        Target = Spec.Target,
        RoutedSince = State == TaskState.Pending && WaitsInLane ? RoutedSince : null,
    };

    public ClaimedTask ToClaimed() => new(Id, Spec.Queue, Spec.Type, Spec.Payload, Attempt, Spec.MaxAttempts, Token, Spec.Timeout, Deadline)
    {
        Depth = Depth,
        IsJoin = IsJoin,
        JoinState = JoinState,
        ChildCount = ChildCount,
        Node = Spec.Node,
        Routing = Spec.Routing,
        Target = Spec.Target,
        TraceParent = Spec.TraceParent,
        TraceState = Spec.TraceState,
        ReadyAt = RunAt ?? CreatedAt,
    };
}
