using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Placement;
using OrleansScheduler.Api;
using OrleansScheduler.Grains;
using OrleansScheduler.Hosting;
using OrleansScheduler.Server.Placement;
using OrleansScheduler.Server.Routing;
using OrleansScheduler.Workers;

namespace OrleansScheduler.Server.Grains;

/// <summary>
/// <see cref="IWorkerGrain"/>: on the silo its key names (<see cref="OnItsSiloAttribute"/>, never moved),
/// passing each call to that silo's <see cref="SiloWorker"/>, which runs on the thread pool, and the loads
/// other silos push to its <see cref="SiloLoadBoard"/>. Reentrant: nothing here waits for the engine.
/// </summary>
[OnItsSilo, Immovable, Reentrant]
internal sealed class WorkerGrain(SiloWorker worker, WorkerLifecycle lifecycle, LocalLoad load, SiloLoadBoard board, IOptions<SchedulerOptions> options)
    : Grain, IWorkerGrain
{
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

    public Task<WorkerLoad> GetLoadAsync() => Task.FromResult(load.Read());

    public Task<WorkerLoad> DrainAsync()
    {
        _ = lifecycle.DrainAndStopAsync();
        return Task.FromResult(load.Read() with { Draining = true });
    }

    public Task ReportLoadAsync(WorkerLoad other)
    {
        board.Report(other);
        return Task.CompletedTask;
    }
}
