using System.Text.Json;

namespace OrleansScheduler.Client;

/// <summary>A task as the gateway shows it.</summary>
public sealed record TaskInfo
{
    /// <summary>The task id.</summary>
    public required string Id { get; init; }
    /// <summary>The queue it waits or ran in.</summary>
    public required string Queue { get; init; }
    /// <summary>The handler name.</summary>
    public required string Type { get; init; }
    /// <summary>The current state.</summary>
    public TaskState Status { get; init; }
    /// <summary>Attempts started so far.</summary>
    public int Attempt { get; init; }
    /// <summary>Attempts allowed.</summary>
    public int MaxAttempts { get; init; }
    /// <summary>Higher runs first.</summary>
    public int Priority { get; init; }
    /// <summary>The payload.</summary>
    public JsonElement Payload { get; init; }
    /// <summary>The handler's result, once Succeeded.</summary>
    public JsonElement? Result { get; init; }
    /// <summary>The last attempt's error, if it failed.</summary>
    public string? Error { get; init; }
    /// <summary>The latest progress reported (0–100).</summary>
    public int? Progress { get; init; }
    /// <summary>The message of the latest progress report.</summary>
    public string? ProgressMessage { get; init; }
    /// <summary>The per-attempt timeout in milliseconds.</summary>
    public long TimeoutMs { get; init; }
    /// <summary>The first retry delay in milliseconds.</summary>
    public long BackoffMs { get; init; }
    /// <summary>When it was submitted.</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>When it becomes (or became) ready.</summary>
    public DateTimeOffset? RunAt { get; init; }
    /// <summary>When the current or last attempt started.</summary>
    public DateTimeOffset? StartedAt { get; init; }
    /// <summary>When it reached a terminal state.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>The silo incarnation (<c>name.generation</c>) that runs or last ran it.</summary>
    public string? Silo { get; init; }
    /// <summary>How many times the silo running it died and it was requeued elsewhere.</summary>
    public int Failovers { get; init; }
}
