using OrleansScheduler.Tasks;

namespace OrleansScheduler.Scheduling.Schedules;

/// <summary>The task a schedule submits at each tick; the fields and defaults of <see cref="TaskSubmission"/>, which it becomes.</summary>
public sealed record ScheduleTaskTemplate
{
    /// <summary>The handler name. Required.</summary>
    public required string Type { get; init; }

    /// <summary>The queue the tasks go to.</summary>
    public string Queue { get; init; } = TaskLimits.DefaultQueue;

    /// <summary>The payload as JSON text, the same for every tick.</summary>
    public string Payload { get; init; } = "null";

    /// <summary>Higher runs first.</summary>
    public int Priority { get; init; }

    /// <summary>Attempts before a tick's task ends Failed.</summary>
    public int MaxAttempts { get; init; } = TaskLimits.DefaultMaxAttempts;

    /// <summary>How long one attempt may run.</summary>
    public TimeSpan Timeout { get; init; } = TaskLimits.DefaultTimeout;

    /// <summary>The first retry's delay.</summary>
    public TimeSpan Backoff { get; init; } = TaskLimits.DefaultBackoff;

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
    };
}
