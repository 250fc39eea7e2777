using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using OrleansScheduler.Hosting;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Storage.InMemory;
using OrleansScheduler.Storage;

namespace OrleansScheduler.Server.Tests.Infrastructure;

/// <summary>
/// One in-memory task store and schedule store, shared by every silo of a test cluster (they run in this
/// process), on <paramref name="clock"/> (the system clock by default), and one grain storage for the scheduler's grains.
/// </summary>
public sealed class InMemoryClusterStorage(TimeProvider? clock = null) : ClusterStorage
{
    private readonly InMemoryTaskStore _tasks = new(clock ?? TimeProvider.System);
    private readonly InMemoryScheduleStore _schedules = new(clock ?? TimeProvider.System);

    private readonly SharedGrainStorage _grainState = new();

    public override void Configure(ISiloBuilder silo)
    {
        silo.UseInMemoryTaskStore(_tasks, _schedules);
        // Registered after the scheduler's memory default, so Orleans resolves this one by the name.
        silo.Services.AddKeyedSingleton<IGrainStorage>(SchedulerGrainStorage.Name, (sp, _) => _grainState.For(sp.GetRequiredService<Serializer>()));
    }

    public override ITaskStore Tasks => _tasks;

    public override IScheduleStore Schedules => _schedules;
}
