using Orleans.Concurrency;
using OrleansScheduler.Api;
using OrleansScheduler.Grains;
using OrleansScheduler.Queues;
using OrleansScheduler.Routing;
using OrleansScheduler.Scheduling;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Server.Grains;

/// <summary>
/// <see cref="IQueueGrain"/>: the queue its key names, in the task store. Reentrant: every call is a store
/// call or a message, and a long dead-letter retry must not hold up a wake-up. Overlapping sweeps are
/// skipped (they are idempotent, so that only saves work).
/// </summary>
[Reentrant]
internal sealed class QueueGrain(ITaskStore store, QueueSweeper sweeper, TaskPlacer placer, IClusterMembershipService membership) : Grain, IQueueGrain
{
    private bool _sweeping;
    private QueueServers? _servers;

    private string Name => this.GetPrimaryKeyString();

    public async Task<bool> ExistsAsync() => (await store.ListQueuesAsync()).Contains(Name, StringComparer.Ordinal);

    public async Task<QueueInfo> GetStatsAsync() => (await store.GetQueueStatsAsync(Name)).ToInfo();

    public async Task<QueuePause> SetPausedAsync(bool paused)
    {
        await store.SetQueuePausedAsync(Name, paused);
        if (!paused) await WakeWorkersAsync();
        return new QueuePause(Name, paused);
    }

    public async Task<QueueLimitsInfo> GetLimitsAsync() => (await store.GetQueueLimitsAsync(Name)).ToInfo();

    public async Task<QueueLimitsInfo> SetLimitsAsync(QueueLimits limits)
    {
        await store.SetQueueLimitsAsync(Name, limits);
        // a limit loosened may let waiting tasks go now
        await WakeWorkersAsync();
        return (await store.GetQueueLimitsAsync(Name)).ToInfo();
    }

    public Task<TaskRouting?> GetRoutingAsync() => store.GetQueueRoutingAsync(Name);

    public async Task<TaskRouting?> SetRoutingAsync(TaskRouting? routing)
    {
        await store.SetQueueRoutingAsync(Name, routing);
        placer.ForgetQueueRouting(Name); // this silo applies it at once; the others within their cache time
        return await store.GetQueueRoutingAsync(Name);
    }

    public async Task<DeadLetterRetryResult> RetryDeadLettersAsync(IReadOnlyList<string>? ids)
    {
        var result = await DeadLetterRetry.RetryAsync(store, Name, ids);
        if (result.Count > 0) await WakeWorkersAsync();
        return result;
    }

    public async Task<IReadOnlyList<TaskEventInfo>> ReadEventsAsync(string? after, int max) =>
        [.. (await store.ReadEventsAsync(Name, after, max)).Select(TaskContracts.ToInfo)];

    public async Task SweepAsync()
    {
        if (_sweeping) return;
        _sweeping = true;
        try
        {
            await sweeper.SweepAsync(Name);
        }
        finally
        {
            _sweeping = false;
        }
    }

    public Task WakeWorkersAsync()
    {
        _servers ??= new QueueServers(Name);
        var active = membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress.ToId()).ToHashSet();
        var (wake, learn) = _servers.Select(active);
        foreach (string silo in wake) _ = GrainFactory.GetGrain<IWorkerGrain>(silo).WakeAsync(Name);
        foreach (string silo in learn) _ = LearnAsync(silo);
        return Task.CompletedTask;
    }

    private async Task LearnAsync(string silo)
    {
        try
        {
            _servers!.Learnt(silo, (await GrainFactory.GetGrain<IWorkerGrain>(silo).GetLoadAsync()).Queues);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            _servers!.Forget(silo); // ask again at the next wake-up
        }
    }
}
