using Microsoft.Extensions.Logging;
using OrleansScheduler.Failover;

namespace OrleansScheduler.Server;

/// <summary>
/// Reacts to deaths as Orleans' membership reports them (DESIGN.md §4): when a silo turns Dead in a
/// snapshot, its work is requeued (<see cref="SiloFailover"/>). Every silo listens and every one calls;
/// the first call does the work and the rest find nothing. Silos already Dead in the first snapshot are
/// left to the scheduler grain's backstop, so a restart does not replay every old death.
/// </summary>
internal sealed partial class DeadSiloListener(IClusterMembershipService membership, SiloFailover failover, LocalSilo local, ILogger<DeadSiloListener> logger)
    : ActiveSiloLoop
{
    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        HashSet<SiloAddress>? dead = null;
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                var now = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead).Select(m => m.SiloAddress).ToHashSet();
                if (dead is not null)
                {
                    foreach (var silo in now.Except(dead)) await RequeueAsync(silo, cancellationToken).ConfigureAwait(false);
                }
                dead = now;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task RequeueAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        string id = silo.ToId();
        if (id == local.Id) return; // a silo declared dead stops itself; the others fail it over
        try
        {
            await failover.RequeueAsync(id, "Dead in the cluster's membership", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailoverFailed(logger, e, id);
        }
    }

    [LoggerMessage(110, LogLevel.Error, "Requeuing the work of dead silo {SiloId} failed; the scheduler grain's backstop will requeue it")]
    private static partial void LogFailoverFailed(ILogger logger, Exception exception, string siloId);
}
