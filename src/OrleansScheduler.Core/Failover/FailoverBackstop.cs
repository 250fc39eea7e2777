using OrleansScheduler.Storage;

namespace OrleansScheduler.Failover;

/// <summary>
/// The failover that does not depend on anyone having watched a silo die (a whole cluster restarted, a
/// death while every listener was down, owners from before the move onto Orleans): it requeues the work
/// of every owner of Running attempts that the membership lists as Dead, or does not list at all although
/// it was read after the owner's newest claim. Joining, active and shutting-down silos keep their work.
/// </summary>
public sealed class FailoverBackstop(ITaskStore store, SiloFailover failover)
{
    /// <summary>
    /// How much older than the membership read an unlisted owner's newest claim must be: room for the
    /// clocks of the store's callers to disagree. A silo joins the membership before it claims anything,
    /// so an owner that claimed well before the read and is not in it has left.
    /// </summary>
    public static readonly TimeSpan ClockMargin = TimeSpan.FromSeconds(5);

    /// <summary>Requeues the work of the owners <paramref name="membership"/> rules out; returns them, sorted.</summary>
    public async Task<IReadOnlyList<string>> RunAsync(IMembershipView membership, CancellationToken cancellationToken = default)
    {
        var gone = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string queue in await store.ListQueuesAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var owner in await store.ListRunningOwnersAsync(queue, cancellationToken).ConfigureAwait(false))
            {
                switch (membership.Liveness(owner.SiloId))
                {
                    case SiloLiveness.Dead:
                        gone.TryAdd(owner.SiloId, "Dead in the membership (found by the failover backstop)");
                        break;
                    case SiloLiveness.Unlisted when owner.LastStartedAt < membership.ReadAt - ClockMargin:
                        gone.TryAdd(owner.SiloId, "not in the membership although it was read after the silo's last claim (found by the failover backstop)");
                        break;
                }
            }
        }
        foreach (var (silo, reason) in gone) await failover.RequeueAsync(silo, reason, cancellationToken).ConfigureAwait(false);
        return [.. gone.Keys];
    }
}
