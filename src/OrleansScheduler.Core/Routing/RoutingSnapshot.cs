using System.Collections.Concurrent;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Routing;

/// <summary>
/// What one silo knows of the cluster at one moment (DESIGN.md §7): every silo membership lists, with its load.
/// Immutable, so routing over it needs no lock and every silo that holds the same snapshot chooses alike. It
/// is rebuilt when membership changes or a worker grain pushes a new load, never by a grain call per submit.
/// </summary>
public sealed class RoutingSnapshot
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<SiloView>> _serving = new(StringComparer.Ordinal);

    /// <summary>A snapshot of <paramref name="silos"/> taken at <paramref name="takenAt"/>.</summary>
    /// <param name="silos">Every silo membership lists (any order; <see cref="Silos"/> sorts them).</param>
    /// <param name="takenAt">When the loads in it were read.</param>
    public RoutingSnapshot(IReadOnlyList<SiloView> silos, DateTimeOffset takenAt)
    {
        ArgumentNullException.ThrowIfNull(silos);
        var sorted = silos.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        Silos = sorted;
        TakenAt = takenAt;
    }

    /// <summary>A snapshot of no silo: nothing can be routed over it (tasks that name a silo wait for one).</summary>
    public static RoutingSnapshot Empty { get; } = new([], DateTimeOffset.MinValue);

    /// <summary>Every silo, sorted by <see cref="SiloView.Id"/> (ordinal).</summary>
    public IReadOnlyList<SiloView> Silos { get; }

    /// <summary>When the snapshot was taken.</summary>
    public DateTimeOffset TakenAt { get; }

    /// <summary>
    /// The silos a task of <paramref name="queue"/> with <paramref name="routing"/> may be routed to: Active,
    /// Claiming, serving the queue, carrying every label pair it requires, and with a capacity of at least its
    /// cost (free slots do not count: load is the claim's business). Sorted by <see cref="SiloView.Id"/>, so
    /// a rotation or an index means the same silo on every silo holding this snapshot.
    /// </summary>
    public IReadOnlyList<SiloView> Candidates(string queue, TaskRouting routing)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(routing);
        var serving = Serving(queue);
        bool all = routing.Labels is not { Count: > 0 };
        for (int i = 0; all && i < serving.Count; i++) all = serving[i].Capacity >= routing.Cost;
        if (all) return serving;
        var fitting = new List<SiloView>(serving.Count);
        foreach (var silo in serving)
        {
            if (silo.Capacity >= routing.Cost && LabelMatch.Matches(routing.Labels, silo.Labels)) fitting.Add(silo);
        }
        return fitting;
    }

    /// <summary>The largest <see cref="SiloView.Capacity"/> among the Active silos serving <paramref name="queue"/> (claiming or not); null when none does.</summary>
    public int? LargestCapacity(string queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        int? largest = null;
        foreach (var silo in Silos)
        {
            if (silo.Active && silo.Serves(queue) && (largest is null || silo.Capacity > largest)) largest = silo.Capacity;
        }
        return largest;
    }

    /// <summary>The silo whose <see cref="SiloView.Id"/> is <paramref name="idOrName"/>, else the first (by Id) whose <see cref="SiloView.Name"/> is; null when none. Ordinal.</summary>
    public SiloView? Find(string idOrName)
    {
        ArgumentNullException.ThrowIfNull(idOrName);
        SiloView? named = null;
        foreach (var silo in Silos)
        {
            if (string.Equals(silo.Id, idOrName, StringComparison.Ordinal)) return silo;
            if (named is null && silo.Name.Length > 0 && string.Equals(silo.Name, idOrName, StringComparison.Ordinal)) named = silo;
        }
        return named;
    }

    /// <summary>The silos Active, Claiming and serving <paramref name="queue"/>, sorted by Id; computed once per queue, since the snapshot never changes.</summary>
    private IReadOnlyList<SiloView> Serving(string queue) =>
        _serving.GetOrAdd(queue, static (q, silos) => silos.Where(s => s.Active && s.Claiming && s.Serves(q)).ToList().AsReadOnly(), Silos);
}
