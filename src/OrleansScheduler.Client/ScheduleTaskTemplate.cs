using System.Text.Json;

namespace OrleansScheduler.Client;

/// <summary>
/// The task a schedule submits each time it fires. Only <see cref="Type"/> is required; a property
/// left null is not sent, so the gateway applies the defaults of a submission (<see cref="TaskRequest"/>).
/// </summary>
public sealed record ScheduleTaskTemplate
{
    /// <summary>The handler name, e.g. <c>"echo"</c>.</summary>
    public required string Type { get; init; }
    /// <summary>The queue; the gateway's default is <c>"default"</c>.</summary>
    public string? Queue { get; init; }
    /// <summary>The payload handed to the handler.</summary>
    public JsonElement? Payload { get; init; }
    /// <summary>Higher runs first (−1000 to 1000; default 0).</summary>
    public int? Priority { get; init; }
    /// <summary>Attempts before the task ends Failed (default 3).</summary>
    public int? MaxAttempts { get; init; }
    /// <summary>How long one attempt may run, in milliseconds (default 30 000).</summary>
    public long? TimeoutMs { get; init; }
    /// <summary>The first retry's delay in milliseconds (default 1 000).</summary>
    public long? BackoffMs { get; init; }
}
