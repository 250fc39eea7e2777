using System.Text.Json;

namespace OrleansScheduler.Silo.Gateway.Contracts;

// Documents the body for OpenAPI only (see ScheduleBody).

/// <summary>The task a schedule submits at each tick: the fields of a task submission that make sense for every tick.</summary>
internal sealed record ScheduleTaskBody
{
    /// <summary>The handler name: 1–128 of letters, digits, '.', '_', ':' and '-'.</summary>
    public required string Type { get; init; }
    /// <summary>The queue (default "default").</summary>
    public string? Queue { get; init; }
    /// <summary>Any JSON value, the same for every tick (at most Scheduler:MaxPayloadBytes).</summary>
    public JsonElement? Payload { get; init; }
    /// <summary>Higher runs first, from -1000 to 1000 (default 0).</summary>
    public int? Priority { get; init; }
    /// <summary>Attempts before a tick's task ends Failed, 1 to 100 (default 3).</summary>
    public int? MaxAttempts { get; init; }
    /// <summary>How long one attempt may run, in milliseconds, up to 24 h (default 30000).</summary>
    public long? TimeoutMs { get; init; }
    /// <summary>The first retry's delay in milliseconds, up to 1 h (default 1000).</summary>
    public long? BackoffMs { get; init; }
}
