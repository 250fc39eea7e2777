using Microsoft.Extensions.Logging;

namespace OrleansScheduler.Server;

/// <summary>
/// Pokes one cluster-wide grain every second from every silo, so that when the silo it ran on dies, a new
/// activation starts (and does its periodic work) within about a second rather than at the next reminder.
/// </summary>
internal abstract class GrainKeepAlive(ILogger logger, string grain) : ActiveSiloLoop
{
    /// <summary>How often every silo pokes the grain.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Sends one poke (a one-way call that activates the grain where it is not active).</summary>
    protected abstract Task PokeAsync();

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                try
                {
                    await PokeAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    // One-way: only a local failure lands here (no activation could be placed yet); the next poke tries again.
                    logger.LogDebug(e, "Poking the {Grain} grain failed", grain);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
