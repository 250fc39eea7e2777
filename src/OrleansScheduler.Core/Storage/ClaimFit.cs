using OrleansScheduler.Tasks;

namespace OrleansScheduler.Storage;

/// <summary>
/// The rule a claim applies to a routed task (DESIGN.md §7), stated once: the in-memory store calls it and
/// the Redis store's claim script mirrors it. A task <see cref="Fits"/> the claim when its cost is within the
/// slots the claim has left, the claiming silo carries every label it requires, and its concurrency key runs
/// fewer than its limit; a task that fits is still left to another silo while <see cref="DeferredUntil"/>
/// says so. A task that does not fit, or is deferred, keeps its place: later tasks may pass it. Pure: no I/O.
/// </summary>
public static class ClaimFit
{
    /// <summary>Whether a task with <paramref name="routing"/> fits the claim now.</summary>
    /// <param name="routing">The task's routing.</param>
    /// <param name="claim">The claim, with the silo's labels.</param>
    /// <param name="slotsLeft">The claim's free slots not yet taken by the tasks it chose before this one.</param>
    /// <param name="keyTaken">
    /// For a task with a <see cref="TaskRouting.ConcurrencyKey"/>: the tasks of that key Running in the queue on
    /// any silo, plus those this claim already chose. Ignored without a key.
    /// </param>
    public static bool Fits(TaskRouting routing, ClaimRequest claim, int slotsLeft, int keyTaken)
    {
        ArgumentNullException.ThrowIfNull(routing);
        ArgumentNullException.ThrowIfNull(claim);
        if (routing.Cost > slotsLeft) return false;
        if (!HasLabels(claim.Labels, routing.Labels)) return false;
        return routing.ConcurrencyKey is null || keyTaken < routing.KeyLimit;
    }

    /// <summary>Whether <paramref name="silo"/> carries every pair of <paramref name="required"/>, keys and values compared ordinal.</summary>
    public static bool HasLabels(IReadOnlyDictionary<string, string> silo, IReadOnlyDictionary<string, string>? required)
    {
        if (required is null) return true;
        foreach (var (key, value) in required)
        {
            if (!silo.TryGetValue(key, out var carried) || !string.Equals(carried, value, StringComparison.Ordinal)) return false;
        }
        return true;
    }

    /// <summary>
    /// When a task that fits stops being left to another silo, or null when this silo may take it now. Within
    /// <see cref="ClaimRequest.DeferWindow"/> of <paramref name="since"/> (when the task entered its lane), a
    /// <see cref="RoutingStrategy.LeastLoaded"/> task is left alone while <see cref="ClaimRequest.DeferLeastLoaded"/>
    /// says another silo has clearly more free slots, and a <see cref="RoutingStrategy.BestFit"/> task while another
    /// silo's free slots hold its cost more tightly than this claim's (<see cref="ClaimRequest.OthersFree"/>).
    /// </summary>
    /// <param name="routing">The task's routing.</param>
    /// <param name="since">When the task entered its lane.</param>
    /// <param name="claim">The claim, with the load hints of the silo's snapshot.</param>
    /// <param name="now">The store's time now.</param>
    public static DateTimeOffset? DeferredUntil(TaskRouting routing, DateTimeOffset since, ClaimRequest claim, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(routing);
        ArgumentNullException.ThrowIfNull(claim);
        var until = since + claim.DeferWindow;
        if (now >= until) return null; // the window is over: any silo it fits takes it, so no task waits forever
        bool deferred = routing.Strategy switch
        {
            RoutingStrategy.LeastLoaded => claim.DeferLeastLoaded,
            RoutingStrategy.BestFit => claim.OthersFree.Any(free => free >= routing.Cost && free < claim.Slots),
            _ => false,
        };
        return deferred ? until : null;
    }
}
