using System.Collections.Concurrent;
using OrleansScheduler.Families;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Routing;

/// <summary>
/// Places submitted tasks before they are stored (DESIGN.md §7): gives a task without routing its queue's
/// default, refuses a task costlier than every silo serving its queue can hold, and sets
/// <see cref="TaskSubmission.RoutedTo"/> for the strategies that name a silo, over this silo's snapshot. A
/// batch of tasks without routing, on queues without a default, is handed back as it came, and once each
/// queue's default is cached it costs no store call.
/// </summary>
/// <param name="store">Where queue defaults and the round-robin cursors live.</param>
/// <param name="snapshot">This silo's current membership-and-load snapshot, read once per call.</param>
/// <param name="clock">What ages the cached queue defaults.</param>
/// <param name="random">The source of random routing; null uses <see cref="Random.Shared"/>.</param>
public sealed class TaskPlacer(ITaskStore store, Func<RoutingSnapshot> snapshot, TimeProvider clock, Random? random = null)
{
    /// <summary>How long a queue's default routing is used before it is read again: a change made on another silo applies within it.</summary>
    public static readonly TimeSpan QueueRoutingCacheTime = TimeSpan.FromSeconds(1);

    private readonly SiloChooser _chooser = new(random);
    private readonly ConcurrentDictionary<string, CachedRouting> _defaults = new(StringComparer.Ordinal);

    /// <summary>
    /// The tasks as they should be stored, in order: a task without routing gets its queue's default; a task
    /// whose strategy names a silo gets <see cref="TaskSubmission.RoutedTo"/> (round-robin tasks take their
    /// slots in order from one advance of their queue's cursor per call); any other task, and any task that
    /// already has a <see cref="TaskSubmission.RoutedTo"/>, is left as it is. Returns
    /// <paramref name="tasks"/> itself when nothing changed.
    /// </summary>
    /// <exception cref="ArgumentException">A task costs more slots than the largest Active silo serving its queue has, or fans out (broadcast, sharding: use <see cref="ExpandAsync"/>).</exception>
    public async Task<IReadOnlyList<TaskSubmission>> PlaceAsync(IReadOnlyList<TaskSubmission> tasks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        TaskSubmission[]? placed = null;
        RoutingSnapshot? silos = null;
        Dictionary<string, List<int>>? roundRobin = null;
        for (int i = 0; i < tasks.Count; i++)
        {
            var task = tasks[i];
            if (task.RoutedTo is not null) continue;
            var routing = task.Routing ?? await DefaultAsync(task.Queue, cancellationToken).ConfigureAwait(false);
            if (routing is null) continue;
            if (routing.Strategy is RoutingStrategy.Broadcast or RoutingStrategy.Sharding)
            {
                throw new ArgumentException($"{Prefix(tasks, i)}routing.strategy {TaskRoutingValidator.StrategyName(routing.Strategy)} makes a family of copies or shards: " +
                    "submit such a task on its own, as one job.", nameof(tasks));
            }
            silos ??= snapshot();
            if (TooCostly(task.Queue, routing, silos) is { } largest) throw CostRefused(Prefix(tasks, i), task.Queue, routing, largest, nameof(tasks));
            bool defaulted = !ReferenceEquals(routing, task.Routing);
            if (!defaulted && !routing.NamesSilo) continue;
            placed ??= [.. tasks];
            if (defaulted) placed[i] = task with { Routing = routing };
            if (routing.Strategy == RoutingStrategy.RoundRobin)
            {
                roundRobin ??= new(StringComparer.Ordinal);
                if (!roundRobin.TryGetValue(task.Queue, out var indexes)) roundRobin[task.Queue] = indexes = [];
                indexes.Add(i);
            }
            else if (routing.NamesSilo)
            {
                placed[i] = placed[i] with { RoutedTo = _chooser.Choose(task.Queue, routing, silos, 0) };
            }
        }
        if (roundRobin is not null)
        {
            foreach (var (queue, indexes) in roundRobin)
            {
                long start = await store.AdvanceRoundRobinAsync(queue, indexes.Count, cancellationToken).ConfigureAwait(false);
                for (int j = 0; j < indexes.Count; j++)
                {
                    var task = placed![indexes[j]];
                    placed[indexes[j]] = task with { RoutedTo = _chooser.Choose(queue, task.Routing!, silos!, start + j) };
                }
            }
        }
        return placed ?? tasks;
    }

    /// <summary>
    /// The family a broadcast or sharded <paramref name="task"/> is stored as (<see cref="FanOut.Expand"/>), with
    /// its queue's default routing when it has none, after the cost check; a sharded task advances its queue's
    /// round-robin cursor by its shards, so successive sharded tasks start on successive silos.
    /// </summary>
    /// <exception cref="ArgumentException">The task does not fan out, costs more than any silo can hold, or (broadcast) no silo qualifies.</exception>
    public async Task<FamilySubmission> ExpandAsync(TaskSubmission task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        var routing = task.Routing ?? await DefaultAsync(task.Queue, cancellationToken).ConfigureAwait(false);
        if (routing is not { Strategy: RoutingStrategy.Broadcast or RoutingStrategy.Sharding })
            throw new ArgumentException($"routing.strategy {TaskRoutingValidator.StrategyName(routing?.Strategy ?? RoutingStrategy.Shared)} does not fan out; place the task with PlaceAsync.", nameof(task));
        var silos = snapshot();
        if (TooCostly(task.Queue, routing, silos) is { } largest) throw CostRefused("", task.Queue, routing, largest, nameof(task));
        long start = routing is { Strategy: RoutingStrategy.Sharding, Shards: int shards }
            ? await store.AdvanceRoundRobinAsync(task.Queue, shards, cancellationToken).ConfigureAwait(false)
            : 0;
        return FanOut.Expand(ReferenceEquals(routing, task.Routing) ? task : task with { Routing = routing }, silos, start);
    }

    /// <summary>Whether <paramref name="task"/>'s own routing fans out (broadcast or sharding) and it is not yet one of the children it fans out to.</summary>
    public static bool FansOut(TaskSubmission task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.RoutedTo is null && task.Routing is { Strategy: RoutingStrategy.Broadcast or RoutingStrategy.Sharding };
    }

    /// <summary>As <see cref="FansOut"/>, counting its queue's default routing when the task has none.</summary>
    public async Task<bool> FansOutAsync(TaskSubmission task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.RoutedTo is not null) return false;
        var routing = task.Routing ?? await DefaultAsync(task.Queue, cancellationToken).ConfigureAwait(false);
        return routing is { Strategy: RoutingStrategy.Broadcast or RoutingStrategy.Sharding };
    }

    /// <summary>Forgets the cached default routing of <paramref name="queue"/>, so this silo applies a change it just made at once.</summary>
    public void ForgetQueueRouting(string queue) => _defaults.TryRemove(queue, out _);

    /// <summary>The largest capacity among the Active silos serving <paramref name="queue"/> when the task costs more; null when it fits or no silo is known.</summary>
    private static int? TooCostly(string queue, TaskRouting routing, RoutingSnapshot silos) =>
        routing.Cost > 1 && silos.LargestCapacity(queue) is int largest && routing.Cost > largest ? largest : null;

    private static ArgumentException CostRefused(string prefix, string queue, TaskRouting routing, int largest, string parameter) =>
        new($"{prefix}routing.cost {routing.Cost} is more slots than any Active silo serving queue '{queue}' has: the largest capacity is {largest}.", parameter);

    /// <summary>How an error names task <paramref name="index"/>: <c>tasks[i].</c> in a batch of several, nothing for one task.</summary>
    private static string Prefix(IReadOnlyList<TaskSubmission> tasks, int index) => tasks.Count > 1 ? $"tasks[{index}]." : "";

    private ValueTask<TaskRouting?> DefaultAsync(string queue, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_defaults.TryGetValue(queue, out var cached) && now - cached.ReadAt < QueueRoutingCacheTime) return ValueTask.FromResult(cached.Routing);
        return ReadDefaultAsync(queue, now, cancellationToken);
    }

    private async ValueTask<TaskRouting?> ReadDefaultAsync(string queue, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var routing = await store.GetQueueRoutingAsync(queue, cancellationToken).ConfigureAwait(false);
        _defaults[queue] = new CachedRouting(routing, now);
        return routing;
    }

    private readonly record struct CachedRouting(TaskRouting? Routing, DateTimeOffset ReadAt);
}
