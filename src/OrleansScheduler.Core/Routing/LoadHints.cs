namespace OrleansScheduler.Routing;

/// <summary>
/// The load hints a silo puts in its claim (<see cref="Storage.ClaimRequest.DeferLeastLoaded"/>,
/// <see cref="Storage.ClaimRequest.OthersFree"/>) from its snapshot, so the load strategies decide at claim:
/// the store leaves a least-loaded or best-fit task, for a short window, to a silo that suits it better.
/// </summary>
public static class LoadHints
{
    /// <summary>The smallest lead in free slots that counts as "clearly more", whatever the silo's size.</summary>
    public const int MinLead = 2;

    /// <summary>
    /// The hints for silo <paramref name="selfId"/> claiming from <paramref name="queue"/> with
    /// <paramref name="myFree"/> slots free. <c>OthersFree</c>: the free slots of every other silo that is
    /// Active, Claiming and serves the queue, in the snapshot's order (by Id). <c>DeferLeastLoaded</c>: one of
    /// them has clearly more free slots, at least <c>myFree + max(2, myFree / 4)</c>. The lead of 2 keeps two
    /// silos a slot apart (or one load push behind) from passing a task back and forth; the quarter makes
    /// "clearly" scale with big silos, where a few slots are noise.
    /// </summary>
    public static (bool DeferLeastLoaded, IReadOnlyList<int> OthersFree) For(string queue, string selfId, int myFree, RoutingSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(snapshot);
        List<int>? others = null;
        bool defer = false;
        int clearlyMore = myFree + Math.Max(MinLead, myFree / 4);
        foreach (var silo in snapshot.Silos)
        {
            if (!silo.Active || !silo.Claiming || !silo.Serves(queue) || string.Equals(silo.Id, selfId, StringComparison.Ordinal)) continue;
            (others ??= []).Add(silo.FreeSlots);
            if (silo.FreeSlots >= clearlyMore) defer = true;
        }
        return (defer, others is null ? [] : others);
    }

    /// <summary>
    /// The store's best-fit rule, for a silo with <paramref name="slots"/> free: it leaves a task of
    /// <paramref name="cost"/> to another silo when one has free slots that fit it more tightly
    /// (<c>cost ≤ f &lt; slots</c> for some f of <paramref name="othersFree"/>). Among silos with the same
    /// hints, only the tightest fit keeps the task (all tie: all keep it).
    /// </summary>
    public static bool DefersBestFit(int cost, int slots, IReadOnlyList<int> othersFree)
    {
        ArgumentNullException.ThrowIfNull(othersFree);
        foreach (int free in othersFree)
        {
            if (free >= cost && free < slots) return true;
        }
        return false;
    }
}
