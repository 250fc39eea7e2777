using OrleansScheduler.Tasks;

namespace OrleansScheduler.Storage.InMemory;

/// <summary>
/// Where a queue's routed Pending tasks wait (DESIGN.md §7), beside its shared ready set: one lane per silo
/// they are routed to (<see cref="TaskRouting.NoSilo"/>'s is the wait lane nobody claims), one per
/// concurrency key, and the fit lane of tasks a silo filters at claim. Each lane is ordered like the ready
/// set (priority, then sequence). Also counts the Running tasks of each concurrency key, which the key
/// limit holds across every silo. Only touched under the store's lock, through <see cref="QueueState"/>.
/// </summary>
internal sealed class RoutingLanes
{
    private readonly SortedDictionary<string, SortedSet<(long Score, string Id)>> _silos = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<(long Score, string Id)>> _keys = new(StringComparer.Ordinal);
    private readonly SortedSet<(long Score, string Id)> _fit = new();
    private readonly Dictionary<string, int> _keyRunning = new(StringComparer.Ordinal);

    /// <summary>The silos with a non-empty lane, and <see cref="TaskRouting.NoSilo"/> while the wait lane is not empty; sorted ordinal.</summary>
    public IReadOnlyList<string> Silos => [.. _silos.Keys];

    /// <summary>Every non-empty lane, for what looks at all Pending tasks (stats).</summary>
    public IEnumerable<SortedSet<(long Score, string Id)>> All => _silos.Values.Concat(_keys.Values).Append(_fit).Where(l => l.Count > 0);

    /// <summary>The lane of <paramref name="silo"/> (or the wait lane) in claim order; empty when none waits there.</summary>
    public IEnumerable<(long Score, string Id)> Silo(string silo) => _silos.TryGetValue(silo, out var lane) ? lane : [];

    public void Add(StoredTask task) => LaneOf(task, create: true)!.Add((task.ReadyScore, task.Id));

    public void Remove(StoredTask task)
    {
        var lane = LaneOf(task, create: false);
        if (lane is null || !lane.Remove((task.ReadyScore, task.Id)) || lane.Count > 0) return;
        // An empty lane goes, so the silos listed are exactly those with tasks waiting.
        if (task.RoutedTo is { } silo) _silos.Remove(silo);
        else if (task.Spec.Routing?.ConcurrencyKey is { } key) _keys.Remove(key);
    }

    /// <summary>Whether a key lane or the fit lane holds tasks: what any silo may claim if it fits.</summary>
    public bool AnyForEverySilo => _fit.Count > 0 || _keys.Count > 0;

    /// <summary>Whether <paramref name="silo"/> could claim anything here: its own lane, a key lane or the fit lane holds tasks.</summary>
    public bool AnyFor(string silo) => AnyForEverySilo || (silo != TaskRouting.NoSilo && _silos.ContainsKey(silo));

    /// <summary>
    /// The tasks <paramref name="silo"/> may claim, from its lane, the key lanes, the fit lane and
    /// <paramref name="shared"/>, in claim order: priority first; within a priority the lanes' tasks by their
    /// sequence, then the shared ones. The sets must not change while this is read.
    /// </summary>
    public IEnumerable<(string Id, bool Shared)> CandidatesFor(string silo, SortedSet<(long Score, string Id)> shared)
    {
        var heads = new PriorityQueue<(IEnumerator<(long Score, string Id)> Lane, bool Shared), (long Band, bool Shared, long Score)>();
        void Enter(IEnumerable<(long Score, string Id)> lane, bool isShared)
        {
            var cursor = lane.GetEnumerator();
            if (cursor.MoveNext()) heads.Enqueue((cursor, isShared), OrderOf(cursor.Current.Score, isShared));
        }
        if (silo != TaskRouting.NoSilo && _silos.TryGetValue(silo, out var own)) Enter(own, false);
        foreach (var lane in _keys.Values) Enter(lane, false);
        Enter(_fit, false);
        Enter(shared, true);
        while (heads.TryDequeue(out var head, out _))
        {
            yield return (head.Lane.Current.Id, head.Shared);
            if (head.Lane.MoveNext()) heads.Enqueue(head, OrderOf(head.Lane.Current.Score, head.Shared));
        }
    }

    /// <summary>How many tasks of <paramref name="key"/> run now in the queue, on any silo.</summary>
    public int Running(string key) => _keyRunning.GetValueOrDefault(key);

    /// <summary>Counts a task of a concurrency key that starts (+1) or stops (−1) running.</summary>
    public void CountRunning(StoredTask task, int delta)
    {
        if (task.Spec.Routing?.ConcurrencyKey is not { } key) return;
        int running = _keyRunning.GetValueOrDefault(key) + delta;
        if (running > 0) _keyRunning[key] = running;
        else _keyRunning.Remove(key);
    }

    /// <summary>The score's priority band first; at equal priority a lane's task (false) before a shared one (true).</summary>
    private static (long Band, bool Shared, long Score) OrderOf(long score, bool shared) => (score >> 42, shared, score);

    private SortedSet<(long Score, string Id)>? LaneOf(StoredTask task, bool create)
    {
        if (task.RoutedTo is { } silo) return Find(_silos, silo, create);
        if (task.Spec.Routing?.ConcurrencyKey is { } key) return Find(_keys, key, create);
        return _fit;
    }

    private static SortedSet<(long Score, string Id)>? Find(IDictionary<string, SortedSet<(long Score, string Id)>> lanes, string name, bool create)
    {
        if (lanes.TryGetValue(name, out var lane)) return lane;
        if (!create) return null;
        lanes[name] = lane = new SortedSet<(long Score, string Id)>();
        return lane;
    }
}
