using OrleansScheduler.Tasks;

namespace OrleansScheduler.Routing;

/// <summary>
/// Chooses the silo one task is routed to when its strategy names one at submit (DESIGN.md §7), over the
/// candidates of a <see cref="RoutingSnapshot"/>. Pure: the round-robin slot comes from the caller (the
/// store's per-queue cursor), the randomness from <c>random</c>.
/// </summary>
/// <param name="random">The source of <see cref="RoutingStrategy.Random"/>'s picks; null uses <see cref="Random.Shared"/>. A given one is used under a lock, so one chooser may serve many threads.</param>
public sealed class SiloChooser(Random? random = null)
{
    private readonly Lock _gate = new();

    /// <summary>
    /// The <see cref="TaskSubmission.RoutedTo"/> of a task of <paramref name="queue"/> with
    /// <paramref name="routing"/>, over the snapshot's <see cref="RoutingSnapshot.Candidates"/> less
    /// <paramref name="exclude"/> (by <see cref="SiloView.Id"/>): <see cref="RoutingStrategy.ConsistentHash"/>
    /// the rendezvous owner of its key; <see cref="RoutingStrategy.RoundRobin"/> and a
    /// <see cref="RoutingStrategy.Sharding"/> child the candidate at <paramref name="roundRobinSlot"/> modulo
    /// their count; <see cref="RoutingStrategy.Random"/> one uniformly at random;
    /// <see cref="RoutingStrategy.Pinned"/> the candidate whose address or name is its silo; a
    /// <see cref="RoutingStrategy.Broadcast"/> child its own silo. <see cref="TaskRouting.NoSilo"/> when no
    /// candidate qualifies; null for strategies that name no silo (shared pull and the load strategies).
    /// </summary>
    /// <param name="queue">The task's queue.</param>
    /// <param name="routing">The task's routing.</param>
    /// <param name="snapshot">The silos as this silo sees them.</param>
    /// <param name="roundRobinSlot">This task's slot in the queue's rotation (<see cref="Storage.ITaskRouting.AdvanceRoundRobinAsync"/>); read by round robin and sharding only.</param>
    /// <param name="exclude">Silo ids not to choose (the silo a task is being moved away from).</param>
    public string? Choose(string queue, TaskRouting routing, RoutingSnapshot snapshot, long roundRobinSlot, IReadOnlySet<string>? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(routing);
        ArgumentNullException.ThrowIfNull(snapshot);
        if (!routing.NamesSilo) return null;
        var candidates = snapshot.Candidates(queue, routing);
        if (exclude is { Count: > 0 }) candidates = [.. candidates.Where(s => !exclude.Contains(s.Id))];
        if (candidates.Count == 0) return TaskRouting.NoSilo;
        var chosen = routing.Strategy switch
        {
            RoutingStrategy.ConsistentHash => RendezvousHash.Owner(routing.Key ?? "", candidates),
            RoutingStrategy.RoundRobin or RoutingStrategy.Sharding => candidates[Slot(roundRobinSlot, candidates.Count)],
            RoutingStrategy.Random => candidates[Next(candidates.Count)],
            _ => Named(routing.Silo, candidates),
        };
        return chosen?.Id ?? TaskRouting.NoSilo;
    }

    /// <summary>The index <paramref name="slot"/> falls on among <paramref name="count"/> candidates (never negative, even for a negative slot).</summary>
    public static int Slot(long slot, int count) => (int)(((slot % count) + count) % count);

    /// <summary>The candidate whose address is <paramref name="silo"/>, else the first (by address) whose name is.</summary>
    private static SiloView? Named(string? silo, IReadOnlyList<SiloView> candidates)
    {
        if (string.IsNullOrEmpty(silo)) return null;
        SiloView? named = null;
        foreach (var candidate in candidates)
        {
            if (string.Equals(candidate.Id, silo, StringComparison.Ordinal)) return candidate;
            if (named is null && string.Equals(candidate.Name, silo, StringComparison.Ordinal)) named = candidate;
        }
        return named;
    }

    private int Next(int count)
    {
        if (random is null) return Random.Shared.Next(count);
        lock (_gate) return random.Next(count);
    }
}
