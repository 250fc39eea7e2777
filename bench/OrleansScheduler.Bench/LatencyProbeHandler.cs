using OrleansScheduler.Handlers;

namespace OrleansScheduler.Bench;

/// <summary>A no-op handler that notes when it started, for submit→start latency measured on one clock.</summary>
public sealed class LatencyProbeHandler(LatencyProbe probe) : ITaskHandler
{
    /// <summary>The task type it is registered under.</summary>
    public const string Type = "probe";

    /// <inheritdoc />
    public Task<object?> HandleAsync(TaskContext context)
    {
        probe.Started(context.TaskId);
        return Task.FromResult<object?>(null);
    }
}
