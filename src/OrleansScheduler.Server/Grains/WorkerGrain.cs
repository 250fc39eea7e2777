using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Placement;
using OrleansScheduler.Api;
using OrleansScheduler.Grains;
using OrleansScheduler.Hosting;
using OrleansScheduler.Server.Placement;
using OrleansScheduler.Workers;

namespace OrleansScheduler.Server.Grains;

/// <summary>
/// <see cref="IWorkerGrain"/>: on the silo its key names (<see cref="OnItsSiloAttribute"/>, never moved),
/// passing each call to that silo's <see cref="SiloWorker"/>, which runs on the thread pool. Reentrant:
/// nothing here waits for the engine.
/// </summary>
[OnItsSilo, Immovable, Reentrant]
internal sealed class WorkerGrain(SiloWorker worker, WorkerLifecycle lifecycle, LocalSilo local, IOptions<SchedulerOptions> options) : Grain, IWorkerGrain
{
    private static readonly string Version = typeof(WorkerGrain).Assembly.GetName().Version?.ToString() ?? "";

    public Task WakeAsync(string queue)
    {
        if (options.Value.Queues.Contains(queue, StringComparer.Ordinal)) worker.Wake();
        return Task.CompletedTask;
    }

    public Task CancelAttemptAsync(string taskId)
    {
        worker.Cancel(taskId);
        return Task.CompletedTask;
    }

    public Task<WorkerLoad> GetLoadAsync() => Task.FromResult(Load());

    public Task<WorkerLoad> DrainAsync()
    {
        _ = lifecycle.DrainAndStopAsync();
        return Task.FromResult(Load() with { Draining = true });
    }

    private WorkerLoad Load()
    {
        var o = options.Value;
        return new WorkerLoad(local.Id, local.Name, worker.RunningCount, o.RunWorkers ? o.Capacity : 0, o.RunWorkers ? o.Queues : [],
            o.Labels, worker.IsClaiming, local.IsDraining, Version);
    }
}
