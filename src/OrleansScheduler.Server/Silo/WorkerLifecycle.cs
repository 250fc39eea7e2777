using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansScheduler.Workers;

namespace OrleansScheduler.Server;

/// <summary>
/// Runs the silo's worker engine with the silo's life: it starts claiming once the silo is Active, and
/// drains as the silo stops (running tasks finish for up to the drain timeout, the rest are handed back)
/// before the silo leaves the membership. An ungraceful stop (a test cluster's kill) skips the drain, as a
/// crash would. A drain asked for over the API (<see cref="DrainAndStopAsync"/>) stops the silo once done.
/// </summary>
internal sealed partial class WorkerLifecycle(SiloWorker worker, LocalSilo local, IHostApplicationLifetime lifetime, ILogger<WorkerLifecycle> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private Task? _requested;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(WorkerLifecycle), ServiceLifecycleStage.Active, OnStartAsync, OnStopAsync);

    /// <summary>Drains, then stops the silo's host: the silo leaves the cluster and its process ends. Once; later calls wait for the same.</summary>
    public Task DrainAndStopAsync()
    {
        lock (this) return _requested ??= Task.Run(async () =>
        {
            local.Draining();
            LogDrainRequested(logger, local.Id);
            await worker.DrainAsync().ConfigureAwait(false);
            lifetime.StopApplication();
        });
    }

    private Task OnStartAsync(CancellationToken cancellationToken)
    {
        worker.Start();
        local.Joined();
        return Task.CompletedTask;
    }

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        local.Draining();
        // A token canceled from the start is an ungraceful stop: no drain, zombies left to their tokens.
        var stopping = worker.StopAsync(graceful: !cancellationToken.IsCancellationRequested);
        // The host's shutdown timeout cuts a long drain short; what is still running is then failed over.
        await Task.WhenAny(stopping, Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
    }

    [LoggerMessage(100, LogLevel.Information, "Silo {SiloId} was asked to drain; it stops claiming, finishes or hands back its running tasks, then leaves the cluster")]
    private static partial void LogDrainRequested(ILogger logger, string siloId);
}
