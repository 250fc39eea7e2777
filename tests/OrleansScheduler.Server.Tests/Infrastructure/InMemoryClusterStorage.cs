using Microsoft.Extensions.Hosting;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Storage.InMemory;
using OrleansScheduler.Storage;

namespace OrleansScheduler.Server.Tests.Infrastructure;

/// <summary>
/// One in-memory task store and schedule store, shared by every silo of a test cluster (they run in this
/// process), on <paramref name="clock"/> (the system clock by default).
/// </summary>
public sealed class InMemoryClusterStorage(TimeProvider? clock = null) : ClusterStorage
{
    private readonly InMemoryTaskStore _tasks = new(clock ?? TimeProvider.System);
    private readonly InMemoryScheduleStore _schedules = new(clock ?? TimeProvider.System);

    public override void Configure(ISiloBuilder silo) => silo.UseInMemoryTaskStore(_tasks, _schedules);

    public override ITaskStore Tasks => _tasks;

    public override IScheduleStore Schedules => _schedules;
}
