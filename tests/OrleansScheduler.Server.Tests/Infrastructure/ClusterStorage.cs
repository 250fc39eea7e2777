using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Storage;

namespace OrleansScheduler.Server.Tests.Infrastructure;

/// <summary>
/// Where a test cluster's silos keep their tasks and schedules, and the same stores for the test to look
/// at: one in-memory store every silo of the process shares, or a real redis-server under a fresh key prefix.
/// </summary>
public abstract class ClusterStorage : IAsyncDisposable
{
    /// <summary>Points one silo at the storage.</summary>
    public abstract void Configure(ISiloBuilder silo);

    /// <summary>The task store as the silos see it, for assertions.</summary>
    public abstract ITaskStore Tasks { get; }

    /// <summary>The schedule store as the silos see it, for assertions.</summary>
    public abstract IScheduleStore Schedules { get; }

    /// <inheritdoc />
    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
