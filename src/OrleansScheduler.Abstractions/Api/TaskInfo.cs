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
}
