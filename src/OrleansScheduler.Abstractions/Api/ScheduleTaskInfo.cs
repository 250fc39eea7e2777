using System.Text.Json;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Api;

/// <summary>
/// The task a schedule submits each time it fires. Only <see cref="Type"/> is required; a property
/// left null in a request is not sent, so the gateway applies the defaults of a submission (<see cref="SubmitTaskRequest"/>); the gateway's answers fill every property.
/// </summary>
[GenerateSerializer, Alias("OrleansScheduler.ScheduleTaskInfo")]
public sealed record ScheduleTaskInfo
{
    /// <summary>The handler name, e.g. <c>"echo"</c>.</summary>
    [Id(0)] public required string Type { get; init; }
    /// <summary>The queue; the gateway's default is <c>"default"</c>.</summary>
    [Id(1)] public string? Queue { get; init; }
    /// <summary>The payload handed to the handler.</summary>
    [Id(2)] public JsonElement? Payload { get; init; }
    /// <summary>Higher runs first (−1000 to 1000; default 0).</summary>
    [Id(3)] public int? Priority { get; init; }
    /// <summary>Attempts before the task ends Failed (default 3).</summary>
    [Id(4)] public int? MaxAttempts { get; init; }
    /// <summary>How long one attempt may run, in milliseconds (default 30 000).</summary>
    [Id(5)] public long? TimeoutMs { get; init; }
    /// <summary>The first retry's delay in milliseconds (default 1 000).</summary>
    [Id(6)] public long? BackoffMs { get; init; }
    /// <summary>Where and how each firing's task may run (docs/routing.md); null: the queue's default routing, or shared pull.</summary>
    [Id(7)] public TaskRouting? Routing { get; init; }

    /// <summary>The application grain that runs each tick's task; null: a handler of its type.</summary>
    [Id(8)] public TaskTarget? Target { get; init; }
}
