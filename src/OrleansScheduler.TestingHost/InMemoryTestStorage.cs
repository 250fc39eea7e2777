using OrleansScheduler.Hosting;
using OrleansScheduler.Membership;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Storage.InMemory;

namespace OrleansScheduler.TestingHost;

/// <summary>One <see cref="InMemoryTaskStore"/>, one <see cref="InMemoryClusterStore"/> and one <see cref="InMemoryScheduleStore"/>, shared by every silo and the client.</summary>
internal sealed class InMemoryTestStorage(InMemoryTaskStore tasks, InMemoryClusterStore cluster, InMemoryScheduleStore schedules) : TestClusterStorage
{
    public override ClusterClient Client { get; } = new(tasks, cluster, schedules);

    public override Task<IAsyncDisposable?> UseAsync(SchedulerBuilder scheduler)
    {
        scheduler.UseInMemory(tasks, cluster, schedules);
        return Task.FromResult<IAsyncDisposable?>(null);
    }
}
