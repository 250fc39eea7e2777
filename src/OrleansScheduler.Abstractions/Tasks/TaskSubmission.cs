namespace OrleansScheduler.Tasks;

/// <summary>What a client asks to run: the spec of a new task (DESIGN.md §3).</summary>
[GenerateSerializer, Alias("OrleansScheduler.TaskSubmission")]
public sealed record TaskSubmission
{
    /// <summary>The handler name, e.g. <c>"resize"</c>. Required.</summary>
    [Id(0)] public required string Type { get; init; }

    /// <summary>The queue the task waits in.</summary>
    [Id(1)] public string Queue { get; init; } = TaskLimits.DefaultQueue;

    /// <summary>The payload as JSON text, handed to the handler as is.</summary>
    [Id(2)] public string Payload { get; init; } = "null";

    /// <summary>Higher runs first; equal priorities run in submission order.</summary>
    [Id(3)] public int Priority { get; init; }

    /// <summary>When the task becomes ready; null or past means now.</summary>
    [Id(4)] public DateTimeOffset? RunAt { get; init; }

    /// <summary>How many attempts before the task ends Failed.</summary>
    [Id(5)] public int MaxAttempts { get; init; } = TaskLimits.DefaultMaxAttempts;

    /// <summary>How long one attempt may run before its token is canceled and it counts as failed.</summary>
    [Id(6)] public TimeSpan Timeout { get; init; } = TaskLimits.DefaultTimeout;

    /// <summary>The first retry's delay; each further retry doubles it, up to <see cref="TaskLimits.MaxBackoff"/>.</summary>
    [Id(7)] public TimeSpan Backoff { get; init; } = TaskLimits.DefaultBackoff;

    /// <summary>A client-chosen id; null lets the store make a sortable one.</summary>
    [Id(8)] public string? Id { get; init; }

    /// <summary>
    /// Makes the submission idempotent within its queue: while the key is remembered
    /// (<see cref="IdempotencyWindow"/>), a
    /// submission with the same key and the same type and payload returns the first task's id and
    /// stores nothing; a different type or payload under the key is refused.
    /// </summary>
    [Id(9)] public string? IdempotencyKey { get; init; }

    /// <summary>
    /// How long the store remembers <see cref="IdempotencyKey"/> after this submission; null means
    /// <see cref="TaskLimits.DefaultIdempotencyWindow"/> (24 h). Only with a key; between
    /// <see cref="TaskLimits.MinIdempotencyWindow"/> and <see cref="TaskLimits.MaxIdempotencyWindow"/>.
    /// </summary>
    [Id(10)] public TimeSpan? IdempotencyWindow { get; init; }

    /// <summary>
    /// Set only by a workflow's grain: the task is a node of that workflow. With dependencies it is
    /// stored Waiting until the workflow releases it (<c>ITaskStore.UnblockAsync</c>).
    /// </summary>
    [Id(11)] public WorkflowNodeLink? Node { get; init; }

    /// <summary>Where and how the task may run; null is shared pull (<see cref="TaskRouting.Default"/>).</summary>
    [Id(12)] public TaskRouting? Routing { get; init; }

    /// <summary>
    /// Set only by the silo's router, from its membership snapshot: the silo (its address) that alone may claim
    /// the task, or <see cref="TaskRouting.NoSilo"/> while none qualifies. Null: any silo the routing's
    /// filters admit may claim it.
    /// </summary>
    [Id(13)] public string? RoutedTo { get; init; }

    /// <summary>The application grain that runs the task instead of a handler of <see cref="Type"/>; null: a handler runs it.</summary>
    [Id(14)] public TaskTarget? Target { get; init; }

    /// <summary>
    /// The submitter's W3C trace context (<c>traceparent</c>), captured from <c>Activity.Current</c> at submit; each attempt's
    /// activity continues it. Null: the attempts start traces of their own.
    /// </summary>
    [Id(15)] public string? TraceParent { get; init; }

    /// <summary>The submitter's W3C <c>tracestate</c>, kept beside <see cref="TraceParent"/>; null for none.</summary>
    [Id(16)] public string? TraceState { get; init; }
}
