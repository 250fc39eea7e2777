using Microsoft.Extensions.Logging;
using OrleansScheduler.Grains;

namespace OrleansScheduler.Server;

/// <summary>
/// Pokes the scheduler grain every second from every silo, so that when the silo it ran on dies, a new
/// activation starts (and ticks) within about a second rather than at the next reminder.
/// </summary>
internal sealed class SchedulerKeepAlive(IGrainFactory grains, ILogger<SchedulerKeepAlive> logger) : ActiveSiloLoop
{
    /// <summary>How often every silo pokes the scheduler grain.</summary>
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
                    await grains.GetGrain<ISchedulerGrain>(0).PokeAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    // One-way: only a local failure lands here (no activation could be placed yet); the next poke tries again.
                    logger.LogDebug(e, "Poking the scheduler grain failed");
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
