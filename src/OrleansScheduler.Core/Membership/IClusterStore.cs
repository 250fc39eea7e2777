namespace OrleansScheduler.Membership;

/// <summary>
/// The cluster-wide port: the membership table (DESIGN.md §5) and the lease that makes one silo
/// at a time the scheduler role holder (§7). Every call is atomic; "now" comes from the store's
/// <see cref="TimeProvider"/>. Implementations: the in-memory one (silos in one process) and
/// Redis. One contract suite runs against both.
/// </summary>
public interface IClusterStore
{
    /// <summary>Registers a new incarnation with <see cref="SiloEntry.Status"/> as given and its heartbeat at now.</summary>
    Task JoinAsync(SiloEntry silo, CancellationToken cancellationToken = default);

    /// <summary>Records a heartbeat and the silo's load; refused (Alive = false) when the incarnation is Dead or unknown.</summary>
    Task<HeartbeatReply> HeartbeatAsync(string siloId, int running, CancellationToken cancellationToken = default);

    /// <summary>Moves a live incarnation to <paramref name="status"/>; false when it is Dead or unknown.</summary>
    Task<bool> SetStatusAsync(string siloId, SiloStatus status, CancellationToken cancellationToken = default);

    /// <summary>Asks a live silo to drain; false when it is Dead or unknown.</summary>
    Task<bool> RequestDrainAsync(string siloId, CancellationToken cancellationToken = default);

    /// <summary>Removes the incarnation: a graceful goodbye.</summary>
    Task LeaveAsync(string siloId, CancellationToken cancellationToken = default);

    /// <summary>Every incarnation in the table, Dead ones included until they are pruned.</summary>
    Task<IReadOnlyList<SiloEntry>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Declares the incarnation Dead if its last heartbeat is older than <paramref name="deadAfter"/>
    /// (re-checked inside the one atomic operation) and it is not Dead already. True only for the
    /// one call that made it Dead, so two silos noticing at once cannot both act.
    /// </summary>
    Task<bool> DeclareDeadAsync(string siloId, TimeSpan deadAfter, CancellationToken cancellationToken = default);

    /// <summary>Notes that a Dead incarnation's tasks were requeued, so later sweeps skip it.</summary>
    Task MarkFailoverDoneAsync(string siloId, CancellationToken cancellationToken = default);

    /// <summary>Removes Dead incarnations declared more than <paramref name="retention"/> ago; returns how many.</summary>
    Task<int> PruneDeadAsync(TimeSpan retention, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the lease <paramref name="role"/> for <paramref name="holder"/> for <paramref name="leaseTime"/>
    /// when it is free or expired, or renews it when <paramref name="holder"/> holds it. True when
    /// <paramref name="holder"/> holds it after the call.
    /// </summary>
    Task<bool> TryAcquireLeaseAsync(string role, string holder, TimeSpan leaseTime, CancellationToken cancellationToken = default);

    /// <summary>Gives the lease up if <paramref name="holder"/> holds it.</summary>
    Task ReleaseLeaseAsync(string role, string holder, CancellationToken cancellationToken = default);

    /// <summary>Who holds the lease now (null when free or expired).</summary>
    Task<string?> GetLeaseHolderAsync(string role, CancellationToken cancellationToken = default);
}
