using OrleansScheduler.Tasks;

namespace OrleansScheduler.Scheduling.Schedules;

/// <summary>The task a schedule submits at each tick; the fields and defaults of <see cref="TaskSubmission"/>, which it becomes.</summary>
[GenerateSerializer, Alias("OrleansScheduler.ScheduleTaskTemplate")]
public sealed record ScheduleTaskTemplate
{
    /// <summary>The handler name. Required.</summary>
    [Id(0)] public required string Type { get; init; }

    /// <summary>The queue the tasks go to.</summary>
    [Id(1)] public string Queue { get; init; } = TaskLimits.DefaultQueue;

    /// <summary>The payload as JSON text, the same for every tick.</summary>
    [Id(2)] public string Payload { get; init; } = "null";

    /// <summary>Higher runs first.</summary>
    [Id(3)] public int Priority { get; init; }

    /// <summary>Attempts before a tick's task ends Failed.</summary>
    [Id(4)] public int MaxAttempts { get; init; } = TaskLimits.DefaultMaxAttempts;

    /// <summary>How long one attempt may run.</summary>
    [Id(5)] public TimeSpan Timeout { get; init; } = TaskLimits.DefaultTimeout;

    /// <summary>The first retry's delay.</summary>
    [Id(6)] public TimeSpan Backoff { get; init; } = TaskLimits.DefaultBackoff;

    /// <summary>Where and how each tick's task may run; null: the queue's default routing, or shared pull.</summary>
    [Id(7)] public TaskRouting? Routing { get; init; }

    /// <summary>The application grain that runs each tick's task; null: a handler of <see cref="Type"/>.</summary>
    [Id(8)] public TaskTarget? Target { get; init; }

    /// <summary>The task to submit now, under <paramref name="idempotencyKey"/>.</summary>
    public TaskSubmission ToSubmission(string? idempotencyKey = null) => new()
    {
        Type = Type,
        Queue = Queue,
        Payload = Payload,
        Priority = Priority,
        MaxAttempts = MaxAttempts,
        Timeout = Timeout,
        Backoff = Backoff,
        IdempotencyKey = idempotencyKey,
        Routing = Routing,
        Target = Target,
    };
}
