using OrleansScheduler.Hosting;

namespace OrleansScheduler.TestingHost;

/// <summary>Where a test cluster keeps its tasks and membership: how each silo is pointed at it, and the client over it.</summary>
internal abstract class TestClusterStorage : IAsyncDisposable
{
    /// <summary>The client over the same stores the silos use.</summary>
    public abstract ClusterClient Client { get; }

    /// <summary>Points one silo's scheduler at the shared stores; returns what the silo owns beyond its host (disposed after it), if anything.</summary>
    public abstract Task<IAsyncDisposable?> UseAsync(SchedulerBuilder scheduler);

    /// <inheritdoc />
    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
