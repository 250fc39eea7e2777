using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Routing;

/// <summary>
/// Routes again the Pending tasks of a queue whose silo is gone or too slow (DESIGN.md §7), over this silo's
/// snapshot, by each task's own strategy. One pass: (1) the lanes of silos the snapshot lists as Dead, and the
/// tasks that waited <see cref="RoutingOptions.UnlistedGrace"/> for a silo it does not list, go to the wait
/// lane (<see cref="TaskRouting.NoSilo"/>); (2) in the lanes of live silos, tasks that waited their
/// <see cref="TaskRouting.ReassignAfterMs"/> move to another silo by their strategy, if one qualifies; (3) the
/// tasks waiting for no silo go to the silo their strategy chooses now: a pinned one to its silo once it is
/// Active (or fails after <see cref="RoutingOptions.PinnedWait"/>), a broadcast copy fails, since its silo
/// left. Every move is one idempotent <see cref="ITaskRouting.RerouteAsync"/> entry, so any number of silos
/// may reconcile the same queue at once: the first to move a task wins and the others' moves are no-ops.
/// </summary>
/// <param name="store">The routed lanes.</param>
/// <param name="snapshot">This silo's current membership-and-load snapshot, read once per pass.</param>
/// <param name="clock">What the waits are measured by.</param>
/// <param name="options">The waits and the bound of one pass.</param>
/// <param name="random">The source of random routing; null uses <see cref="Random.Shared"/>.</param>
public sealed class RouteReconciler(ITaskStore store, Func<RoutingSnapshot> snapshot, TimeProvider clock, RoutingOptions options, Random? random = null)
{
    private readonly SiloChooser _chooser = new(random);
    private readonly RoutingOptions _options = Checked(options);

    /// <summary>
    /// One pass over <paramref name="queue"/>; returns how many moves the store made (a task moved to the wait
    /// lane and on to a silo in the same pass counts twice; a task failed counts once). Does nothing while the
    /// snapshot lists no silo, so a silo that has not yet seen membership moves nothing.
    /// </summary>
    public async Task<int> ReconcileAsync(string queue, CancellationToken cancellationToken = default) =>
        await ReconcileAsync(queue, rebalance: false, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// One pass as <see cref="ReconcileAsync(string, CancellationToken)"/>; with <paramref name="rebalance"/> (after a
    /// membership change), also the consistent-hash tasks waiting in a live silo's lane whose key now hashes to
    /// another silo (one that joined) move to it, so a key's waiting tasks follow its owner.
    /// </summary>
    public async Task<int> ReconcileAsync(string queue, bool rebalance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var silos = snapshot();
        if (silos.Silos.Count == 0) return 0;
        var now = clock.GetUtcNow();
        int moves = 0;
        bool waiting = false;
        foreach (string lane in await store.ListRoutedSilosAsync(queue, cancellationToken).ConfigureAwait(false))
        {
            if (lane == TaskRouting.NoSilo)
            {
                waiting = true;
                continue;
            }
            var silo = ById(silos, lane);
            int made = silo is null || silo.Dead
                ? await EvacuateAsync(queue, lane, silo is null, now, cancellationToken).ConfigureAwait(false)
                : await ReassignAsync(queue, lane, silos, now, rebalance, cancellationToken).ConfigureAwait(false);
            if (made > 0 && (silo is null || silo.Dead)) waiting = true;
            moves += made;
        }
        if (waiting) moves += await PlaceWaitingAsync(queue, silos, now, cancellationToken).ConfigureAwait(false);
        return moves;
    }

    /// <summary>(1) Moves the tasks of a dead silo's lane (of an unlisted one: those past the grace) to the wait lane.</summary>
    private async Task<int> EvacuateAsync(string queue, string lane, bool unlisted, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tasks = await store.ListRoutedAsync(queue, lane, _options.MaxPerPass, cancellationToken).ConfigureAwait(false);
        var moves = new List<TaskReroute>(tasks.Count);
        foreach (var task in tasks)
        {
            if (!unlisted || now - task.Since >= _options.UnlistedGrace) moves.Add(new TaskReroute(task.Id, lane, TaskRouting.NoSilo));
        }
        return await RerouteAsync(queue, moves, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// (2) Moves the tasks of a live silo's lane that waited their reassign time to another silo of their strategy,
    /// if any; with <paramref name="rebalance"/>, also the consistent-hash tasks whose key's owner is now another silo.
    /// </summary>
    private async Task<int> ReassignAsync(string queue, string lane, RoutingSnapshot silos, DateTimeOffset now, bool rebalance, CancellationToken cancellationToken)
    {
        var tasks = await store.ListRoutedAsync(queue, lane, _options.MaxPerPass, cancellationToken).ConfigureAwait(false);
        var due = tasks.Where(t => t.Routing.ReassignAfterMs is int ms && now - t.Since >= TimeSpan.FromMilliseconds(ms)).ToList();
        var moves = due.Count == 0 ? [] : await ChooseAsync(queue, due, silos, new HashSet<string>(StringComparer.Ordinal) { lane }, cancellationToken).ConfigureAwait(false);
        if (rebalance)
        {
            var moving = moves.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var task in tasks)
            {
                if (task.Routing.Strategy != RoutingStrategy.ConsistentHash || moving.Contains(task.Id)) continue;
                string? owner = _chooser.Choose(queue, task.Routing, silos, 0);
                if (owner is not null && owner != TaskRouting.NoSilo && owner != lane) moves.Add(new TaskReroute(task.Id, lane, owner));
            }
        }
        return await RerouteAsync(queue, moves, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>(3) Routes the tasks waiting for no silo, fails the broadcast copies among them and the pinned tasks that waited too long.</summary>
    private async Task<int> PlaceWaitingAsync(string queue, RoutingSnapshot silos, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tasks = await store.ListRoutedAsync(queue, TaskRouting.NoSilo, _options.MaxPerPass, cancellationToken).ConfigureAwait(false);
        var failures = new List<TaskReroute>();
        var routable = new List<RoutedTask>(tasks.Count);
        foreach (var task in tasks)
        {
            if (task.Routing.Strategy == RoutingStrategy.Broadcast)
            {
                failures.Add(new TaskReroute(task.Id, TaskRouting.NoSilo, null, $"Broadcast copy not run: its silo {task.Routing.Silo} left before its copy ran."));
            }
            else if (task.Routing.Strategy == RoutingStrategy.Pinned && now - task.Since >= _options.PinnedWait &&
                _chooser.Choose(queue, task.Routing, silos, 0) == TaskRouting.NoSilo)
            {
                failures.Add(new TaskReroute(task.Id, TaskRouting.NoSilo, null,
                    $"pinned silo '{task.Routing.Silo}' was not Active for {Describe(_options.PinnedWait)}, so the task stopped waiting for it."));
            }
            else routable.Add(task);
        }
        var moves = await ChooseAsync(queue, routable, silos, null, cancellationToken).ConfigureAwait(false);
        moves.AddRange(failures);
        return await RerouteAsync(queue, moves, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The moves of <paramref name="tasks"/> to the silos their strategies choose now, leaving out those with
    /// none to go to. Round-robin and sharded tasks that can go somewhere take slots, in order, from one
    /// advance of the queue's cursor.
    /// </summary>
    private async Task<List<TaskReroute>> ChooseAsync(string queue, IReadOnlyList<RoutedTask> tasks, RoutingSnapshot silos, IReadOnlySet<string>? exclude,
        CancellationToken cancellationToken)
    {
        var moves = new List<TaskReroute>(tasks.Count);
        var rotating = new List<RoutedTask>();
        foreach (var task in tasks)
        {
            if (task.Routing.Strategy is RoutingStrategy.RoundRobin or RoutingStrategy.Sharding)
            {
                if (HasCandidate(queue, task.Routing, silos, exclude)) rotating.Add(task);
            }
            else Add(task, _chooser.Choose(queue, task.Routing, silos, 0, exclude));
        }
        if (rotating.Count > 0)
        {
            long start = await store.AdvanceRoundRobinAsync(queue, rotating.Count, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < rotating.Count; i++) Add(rotating[i], _chooser.Choose(queue, rotating[i].Routing, silos, start + i, exclude));
        }
        return moves;

        void Add(RoutedTask task, string? to)
        {
            if (to is not null && to != TaskRouting.NoSilo && to != task.RoutedTo) moves.Add(new TaskReroute(task.Id, task.RoutedTo, to));
        }
    }

    private async Task<int> RerouteAsync(string queue, IReadOnlyList<TaskReroute> moves, CancellationToken cancellationToken)
    {
        if (moves.Count == 0) return 0;
        var made = await store.RerouteAsync(queue, moves, cancellationToken).ConfigureAwait(false);
        return made.Count(m => m);
    }

    private static bool HasCandidate(string queue, TaskRouting routing, RoutingSnapshot silos, IReadOnlySet<string>? exclude)
    {
        foreach (var silo in silos.Candidates(queue, routing))
        {
            if (exclude is null || !exclude.Contains(silo.Id)) return true;
        }
        return false;
    }

    private static SiloView? ById(RoutingSnapshot silos, string id)
    {
        foreach (var silo in silos.Silos)
        {
            if (string.Equals(silo.Id, id, StringComparison.Ordinal)) return silo;
        }
        return null;
    }

    private static RoutingOptions Checked(RoutingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxPerPass < 1) throw new ArgumentOutOfRangeException(nameof(options), options.MaxPerPass, "RoutingOptions.MaxPerPass must be at least 1.");
        if (options.PinnedWait < TimeSpan.Zero || options.UnlistedGrace < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), "RoutingOptions.PinnedWait and UnlistedGrace cannot be negative.");
        return options;
    }

    /// <summary>A wait as people write it: <c>5 min</c>, <c>30 s</c>, <c>1500 ms</c>.</summary>
    internal static string Describe(TimeSpan wait) =>
        wait.Ticks % TimeSpan.TicksPerHour == 0 && wait >= TimeSpan.FromHours(1) ? $"{(long)wait.TotalHours} h"
        : wait.Ticks % TimeSpan.TicksPerMinute == 0 && wait >= TimeSpan.FromMinutes(1) ? $"{(long)wait.TotalMinutes} min"
        : wait.Ticks % TimeSpan.TicksPerSecond == 0 ? $"{(long)wait.TotalSeconds} s"
        : $"{(long)wait.TotalMilliseconds} ms";
}
