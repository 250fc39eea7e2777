using System.Text.Json;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Silo.Gateway.Contracts;

/// <summary>A task as the API shows it: <see cref="TaskRecord"/> with payload and result as JSON values (not strings) and durations in milliseconds.</summary>
internal sealed record TaskResponse
{
    /// <summary>The task id.</summary>
    public required string Id { get; init; }
    /// <summary>The queue it waits or ran in.</summary>
    public required string Queue { get; init; }
    /// <summary>The handler name.</summary>
    public required string Type { get; init; }
    /// <summary>The current state.</summary>
    public required TaskState Status { get; init; }
    /// <summary>Attempts started so far (0 before the first).</summary>
    public int Attempt { get; init; }
    /// <summary>Attempts allowed.</summary>
    public int MaxAttempts { get; init; }
    /// <summary>Higher runs first.</summary>
    public int Priority { get; init; }
    /// <summary>The payload, as submitted.</summary>
    public JsonElement Payload { get; init; }
    /// <summary>The handler's result, once Succeeded.</summary>
    public JsonElement? Result { get; init; }
    /// <summary>The last failed attempt's error.</summary>
    public string? Error { get; init; }
    /// <summary>The latest progress a handler reported (0–100).</summary>
    public int? Progress { get; init; }
    /// <summary>The message of the latest progress report.</summary>
    public string? ProgressMessage { get; init; }
    /// <summary>The per-attempt timeout in milliseconds.</summary>
    public long TimeoutMs { get; init; }
    /// <summary>The first retry delay in milliseconds.</summary>
    public long BackoffMs { get; init; }
    /// <summary>When it was submitted.</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>When it becomes (or became) ready: the delay's end or the next retry.</summary>
    public DateTimeOffset? RunAt { get; init; }
    /// <summary>When the current or last attempt started.</summary>
    public DateTimeOffset? StartedAt { get; init; }
    /// <summary>When it reached a terminal state.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>The silo incarnation (<c>name.generation</c>) that runs or last ran it.</summary>
    public string? Silo { get; init; }
    /// <summary>How many times the silo running it died and it was requeued elsewhere.</summary>
    public int Failovers { get; init; }

    /// <summary>The response for <paramref name="task"/>.</summary>
    public static TaskResponse From(TaskRecord task) => new()
    {
        Id = task.Id,
        Queue = task.Queue,
        Type = task.Type,
        Status = task.Status,
        Attempt = task.Attempt,
        MaxAttempts = task.MaxAttempts,
        Priority = task.Priority,
        Payload = Json(task.Payload ?? "null")!.Value,
        Result = Json(task.Result),
        Error = task.Error,
        Progress = task.Progress,
        ProgressMessage = task.ProgressMessage,
        TimeoutMs = (long)task.Timeout.TotalMilliseconds,
        BackoffMs = (long)task.Backoff.TotalMilliseconds,
        CreatedAt = task.CreatedAt,
        RunAt = task.RunAt,
        StartedAt = task.StartedAt,
        FinishedAt = task.FinishedAt,
        Silo = task.Silo,
        Failovers = task.Failovers,
    };

    internal static JsonElement? Json(string? text)
    {
        if (text is null) return null;
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // Stores keep valid JSON; should one ever hold something else, show it as a string rather than fail the read.
            return JsonSerializer.SerializeToElement(text);
        }
    }
}
