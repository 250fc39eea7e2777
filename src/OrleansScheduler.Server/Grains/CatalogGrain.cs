using Orleans.Concurrency;
using OrleansScheduler.Api;
using OrleansScheduler.Grains;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Server.Routing;

namespace OrleansScheduler.Server.Grains;

/// <summary>
/// <see cref="ICatalogGrain"/>: reads across the cluster. The silos come from Orleans' membership table
/// (<see cref="IManagementGrain"/>), each Active one's load from its worker grain, asked with a short
/// timeout so one slow silo does not hold the list up. A Pending routed task says why it waits, as this silo's
/// membership-and-load snapshot sees it.
/// </summary>
[StatelessWorker, Reentrant]
internal sealed class CatalogGrain(ITaskStore store, IScheduleStore schedules, TaskInfoReader reader) : Grain, ICatalogGrain
{
    /// <summary>How long the list waits for one silo's load or for the scheduler grain's host.</summary>
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Most routed tasks per queue and silo read to count a silo's consistent-hash keys.</summary>
    private const int KeyScanLimit = 10_000;

    public Task<TaskInfo?> GetTaskAsync(string id) => reader.GetAsync(id);

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
        var keys = await ConsistentHashKeysAsync();
        var silos = await Task.WhenAll(entries.OrderBy(e => e.SiloAddress.ToId(), StringComparer.Ordinal).Select(async entry =>
        {
            var load = entry.Status == SiloStatus.Active
                ? await AskAsync(() => GrainFactory.GetGrain<IWorkerGrain>(entry.SiloAddress.ToId()).GetLoadAsync())
                : null;
            return SiloContracts.ToInfo(entry, load, host) with { ConsistentHashKeys = keys.GetValueOrDefault(entry.SiloAddress.ToId()) };
        }));
        return new SiloList(silos, host);
    }

    /// <summary>By silo, how many distinct consistent-hash keys its Pending routed tasks hold, over every queue.</summary>
    private async Task<Dictionary<string, int>> ConsistentHashKeysAsync()
    {
        var keys = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (string queue in await store.ListQueuesAsync())
        {
            foreach (string silo in await store.ListRoutedSilosAsync(queue))
            {
                if (silo == TaskRouting.NoSilo) continue;
                foreach (var task in await store.ListRoutedAsync(queue, silo, KeyScanLimit))
                {
                    if (task.Routing is { Strategy: RoutingStrategy.ConsistentHash, Key: { } key })
                        (keys.TryGetValue(silo, out var set) ? set : keys[silo] = new HashSet<string>(StringComparer.Ordinal)).Add(key);
                }
            }
        }
        return keys.ToDictionary(k => k.Key, k => k.Value.Count, StringComparer.Ordinal);
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
