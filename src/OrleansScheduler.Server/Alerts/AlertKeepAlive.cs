using Microsoft.Extensions.Logging;
using OrleansScheduler.Grains;

namespace OrleansScheduler.Server.Alerts;

/// <summary>
/// Pokes the alert grain every second from every silo, as <see cref="SchedulerKeepAlive"/> pokes the scheduler grain:
/// when the silo it ran on dies, a new activation starts and evaluates within about a second.
/// </summary>
internal sealed class AlertKeepAlive(IGrainFactory grains, ILogger<AlertKeepAlive> logger) : ActiveSiloLoop
{
    /// <summary>How often every silo pokes the alert grain.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                try
                {
                    await grains.GetGrain<IAlertGrain>(0).PokeAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    logger.LogDebug(e, "Poking the alert grain failed");
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
