using System.Text.Json;

namespace OrleansScheduler.Grains;

/// <summary>One attempt of a task, as a task target grain receives it (<see cref="ITaskTargetGrain.RunTaskAsync"/>).</summary>
[GenerateSerializer, Alias("OrleansScheduler.TaskRun")]
public sealed record TaskRun
{
    /// <summary>The task id: the key to make side effects idempotent.</summary>
    [Id(0)] public required string TaskId { get; init; }

    /// <summary>The queue the task came from.</summary>
    [Id(1)] public required string Queue { get; init; }

    /// <summary>The task's type, as submitted.</summary>
    [Id(2)] public required string Type { get; init; }

    /// <summary>The payload as JSON text.</summary>
    [Id(3)] public string Payload { get; init; } = "null";

    /// <summary>This attempt's number, from 1.</summary>
    [Id(4)] public int Attempt { get; init; }

    /// <summary>Attempts allowed in all.</summary>
    [Id(5)] public int MaxAttempts { get; init; }

    /// <summary>When the attempt times out.</summary>
    [Id(6)] public DateTimeOffset Deadline { get; init; }

    /// <summary>The silo whose worker runs the attempt (its address, as the task's <c>silo</c> shows it).</summary>
    [Id(7)] public required string SiloId { get; init; }

    /// <summary>Where this attempt's progress goes.</summary>
    [Id(8)] public required ITaskProgressSink Progress { get; init; }

    /// <summary>The payload deserialized with web defaults (camelCase, case-insensitive).</summary>
    /// <exception cref="JsonException">The payload does not fit <typeparamref name="T"/>.</exception>
    public T? GetPayload<T>() => JsonSerializer.Deserialize<T>(Payload, JsonSerializerOptions.Web);

    /// <summary>Stores the attempt's progress (0–100) and a message, shown with the task; false once the attempt is no longer current.</summary>
    public Task<bool> ReportProgressAsync(int percent, string? message = null) => Progress.ReportAsync(Math.Clamp(percent, 0, 100), message);
}
