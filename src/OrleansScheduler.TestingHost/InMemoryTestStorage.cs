using OrleansScheduler.Hosting;
using OrleansScheduler.Membership;
using OrleansScheduler.Storage.InMemory;

namespace OrleansScheduler.TestingHost;

/// <summary>One <see cref="InMemoryTaskStore"/> and one <see cref="InMemoryClusterStore"/>, shared by every silo and the client.</summary>
internal sealed class InMemoryTestStorage(InMemoryTaskStore tasks, InMemoryClusterStore cluster) : TestClusterStorage
{
    public override ClusterClient Client { get; } = new(tasks, cluster);

    public override Task<IAsyncDisposable?> UseAsync(SchedulerBuilder scheduler)
    {
        scheduler.UseInMemory(tasks, cluster);
        return Task.FromResult<IAsyncDisposable?>(null);
    }
}
