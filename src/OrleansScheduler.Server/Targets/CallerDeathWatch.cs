using System.Collections.Concurrent;

namespace OrleansScheduler.Server.Targets;

/// <summary>
/// Tokens that fire when a silo is declared Dead. A task target grain's call from a silo that died is a zombie: nobody
/// waits for its answer and the task already runs again elsewhere, but Orleans would let it run on, and a grain that
/// takes one call at a time would keep the next attempt waiting behind it. <see cref="TaskTargetCallFilter"/> cancels
/// such calls with these tokens, as a handler's token fires on failover.
/// </summary>
internal sealed class CallerDeathWatch(IClusterMembershipService membership) : ActiveSiloLoop
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _watched = new(StringComparer.Ordinal);

    /// <summary>A token that fires once the silo <paramref name="siloId"/> (its address) is Dead; already fired when it is.</summary>
    public CancellationToken DeathOf(string siloId)
    {
        var source = _watched.GetOrAdd(siloId, _ => new CancellationTokenSource());
        // A death seen before the source was watched would never be reported again.
        if (IsDead(membership.CurrentSnapshot, siloId)) Fire(siloId);
        return source.Token;
    }

    protected override async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stopping).ConfigureAwait(false))
            {
                foreach (string siloId in _watched.Keys)
                {
                    if (IsDead(snapshot, siloId)) Fire(siloId);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private static bool IsDead(ClusterMembershipSnapshot snapshot, string siloId) =>
        SiloAddresses.TryParse(siloId) is { } address && snapshot.GetSiloStatus(address) == SiloStatus.Dead;

    // A Dead silo never comes back (a restart is a new address), so its source is fired once and forgotten.
    private void Fire(string siloId)
    {
        if (!_watched.TryRemove(siloId, out var source)) return;
        source.Cancel();
        source.Dispose();
    }
}
