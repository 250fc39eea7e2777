using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Handlers;

/// <summary>What a handler knows about the attempt it runs.</summary>
public sealed class TaskContext
{
    private readonly Func<int, string?, Task> _reportProgress;
    private readonly IGrainFactory? _grainFactory;

    internal TaskContext(ClaimedTask task, string siloId, CancellationToken cancellationToken, ILogger logger, Func<int, string?, Task> reportProgress,
        IGrainFactory? grainFactory = null)
    {
        Task = task;
        SiloId = siloId;
        _grainFactory = grainFactory;
        CancellationToken = cancellationToken;
        Logger = logger;
        _reportProgress = reportProgress;
    }

    /// <summary>The claimed attempt.</summary>
    internal ClaimedTask Task { get; }

    /// <summary>The task id: the key to make side effects idempotent.</summary>
    public string TaskId => Task.Id;
    /// <summary>The queue the task came from.</summary>
    public string Queue => Task.Queue;
    /// <summary>The handler name the task was submitted with.</summary>
    public string Type => Task.Type;
    /// <summary>This attempt's number, from 1.</summary>
    public int Attempt => Task.Attempt;
    /// <summary>Attempts allowed in all.</summary>
    public int MaxAttempts => Task.MaxAttempts;
    /// <summary>The silo running the attempt: its address as Orleans parses it (<c>SiloAddress.ToParsableString()</c>), as the task's <c>silo</c> shows it.</summary>
    public string SiloId { get; }

    /// <summary>
    /// The application's grains, from the silo the attempt runs on: a task can drive a grain with the
    /// retries, timeouts, cancellation and failover that a plain grain call lacks. Pass
    /// <see cref="CancellationToken"/> on to calls that take one.
    /// </summary>
    /// <exception cref="InvalidOperationException">The engine runs outside an Orleans silo (a test host without one).</exception>
    public IGrainFactory GrainFactory => _grainFactory ?? throw new InvalidOperationException("This attempt runs outside an Orleans silo: there is no grain factory.");
    /// <summary>The payload as JSON text.</summary>
    public string PayloadJson => Task.Payload;
    /// <summary>Fires on timeout, cancel, failover (the silo was declared dead) and shutdown.</summary>
    public CancellationToken CancellationToken { get; }
    /// <summary>
    /// Writes to the host's log like any logger; lines at or above
    /// <see cref="Hosting.SchedulerOptions.TaskLogLevel"/> (default Information) are also kept with
    /// the task, attempt by attempt, and read back with the task's logs. An exception passed to the
    /// logger is kept as its type and message.
    /// </summary>
    public ILogger Logger { get; }

    /// <summary>The payload deserialized with web defaults (camelCase, case-insensitive).</summary>
    /// <exception cref="NonRetryableTaskException">The payload does not fit <typeparamref name="T"/>; retrying would not help.</exception>
    public T GetPayload<T>()
    {
        try
        {
            return JsonSerializer.Deserialize<T>(Task.Payload, JsonSerializerOptions.Web)!;
        }
        catch (JsonException e)
        {
            throw new NonRetryableTaskException($"Payload of task '{TaskId}' does not fit {typeof(T).Name}: {e.Message}", e);
        }
    }

    /// <summary>Stores the attempt's progress (0–100) and a message; shown with the task.</summary>
    public Task ReportProgressAsync(int percent, string? message = null) =>
        _reportProgress(Math.Clamp(percent, 0, 100), message);
}
