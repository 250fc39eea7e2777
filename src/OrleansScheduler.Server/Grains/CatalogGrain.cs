using Orleans.Concurrency;
using OrleansScheduler.Api;
using OrleansScheduler.Grains;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Storage;

namespace OrleansScheduler.Server.Grains;

/// <summary>
/// <see cref="ICatalogGrain"/>: reads across the cluster. The silos come from Orleans' membership table
/// (<see cref="IManagementGrain"/>), each Active one's load from its worker grain, asked with a short
/// timeout so one slow silo does not hold the list up.
/// </summary>
[StatelessWorker, Reentrant]
internal sealed class CatalogGrain(ITaskStore store, IScheduleStore schedules) : Grain, ICatalogGrain
{
    /// <summary>How long the list waits for one silo's load or for the scheduler grain's host.</summary>
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(2);

    public async Task<TaskInfo?> GetTaskAsync(string id) => (await store.GetAsync(id))?.ToInfo();

    public async Task<TaskPageInfo> ListTasksAsync(TaskQuery query) => (await store.ListAsync(query)).ToInfo();

    public async Task<QueueList> ListQueuesAsync()
    {
        var names = await store.ListQueuesAsync();
        var paused = await store.ListPausedQueuesAsync();
        var stats = await Task.WhenAll(names.Select(async name => (await store.GetQueueStatsAsync(name)).ToInfo()));
        return new QueueList(names, paused, stats);
    }

    public async Task<ScheduleList> ListSchedulesAsync() => new([.. (await schedules.ListAsync()).Select(ScheduleContracts.ToInfo)]);

    public async Task<SiloList> ListSilosAsync()
    {
        var entries = await GrainFactory.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false);
        var host = await AskAsync(() => GrainFactory.GetGrain<ISchedulerGrain>(0).GetHostAsync());
        var silos = await Task.WhenAll(entries.OrderBy(e => e.SiloAddress.ToId(), StringComparer.Ordinal).Select(async entry =>
        {
            var load = entry.Status == SiloStatus.Active
                ? await AskAsync(() => GrainFactory.GetGrain<IWorkerGrain>(entry.SiloAddress.ToId()).GetLoadAsync())
                : null;
            return SiloContracts.ToInfo(entry, load, host);
        }));
        return new SiloList(silos, host);
    }

    private static async Task<T?> AskAsync<T>(Func<Task<T>> ask) where T : class
    {
        try
        {
            return await ask().WaitAsync(AskTimeout);
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            return null;
        }
    }
}
