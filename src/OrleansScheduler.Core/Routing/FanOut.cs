using OrleansScheduler.Families;
using OrleansScheduler.Handlers.BuiltIn;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Routing;

/// <summary>
/// Turns a <see cref="RoutingStrategy.Broadcast"/> or <see cref="RoutingStrategy.Sharding"/> task into a family
/// (DESIGN.md §7, §8), so a caller sees one job: the parent, under the task's id and idempotency key, is a
/// <see cref="GroupJoinHandler"/> join step; the children are copies of the task, each routed to its silo.
/// </summary>
public static class FanOut
{
    /// <summary>
    /// The family of <paramref name="task"/>. Broadcast: one child per candidate of the snapshot (Active,
    /// Claiming, serving the queue, with its labels and room for its cost), routed to it. Sharding:
    /// <see cref="TaskRouting.Shards"/> children, child i with <see cref="TaskRouting.ShardIndex"/> i, routed to
    /// candidate <c>(roundRobinStart + i) mod count</c> (<see cref="TaskRouting.NoSilo"/> while there is none).
    /// Each child has the task's type, payload, queue, priority, run time, attempts, timeout and backoff, and
    /// its cost, labels and concurrency key; it has no id or idempotency key of its own (it is
    /// <c>&lt;parent&gt;.&lt;i&gt;</c>). The join collects every child (<see cref="ChildFailurePolicy.Collect"/>).
    /// </summary>
    /// <param name="task">A task whose routing is broadcast or sharding.</param>
    /// <param name="snapshot">The silos as this silo sees them.</param>
    /// <param name="roundRobinStart">Where the queue's rotation stood for the first shard (ignored by broadcast).</param>
    /// <exception cref="ArgumentException">The task does not fan out, or a broadcast has no silo to go to.</exception>
    public static FamilySubmission Expand(TaskSubmission task, RoutingSnapshot snapshot, long roundRobinStart)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(snapshot);
        var routing = task.Routing;
        if (routing is not { Strategy: RoutingStrategy.Broadcast or RoutingStrategy.Sharding })
        {
            string name = TaskRoutingValidator.StrategyName(routing?.Strategy ?? RoutingStrategy.Shared);
            throw new ArgumentException($"routing.strategy {name} does not fan out; only broadcast and sharding make a family.", nameof(task));
        }
        var candidates = snapshot.Candidates(task.Queue, routing);
        var children = routing.Strategy == RoutingStrategy.Broadcast ? Broadcast(task, routing, candidates) : Shards(task, routing, candidates, roundRobinStart);
        var join = task with { Type = GroupJoinHandler.Type, Routing = null, RoutedTo = null };
        return new FamilySubmission(join, children, ChildFailurePolicy.Collect);
    }

    private static TaskSubmission[] Broadcast(TaskSubmission task, TaskRouting routing, IReadOnlyList<SiloView> candidates)
    {
        if (candidates.Count == 0) throw new ArgumentException(NoSiloMessage(task.Queue, routing), nameof(task));
        var children = new TaskSubmission[candidates.Count];
        for (int i = 0; i < children.Length; i++)
        {
            string silo = candidates[i].Id;
            children[i] = Child(task, Carried(routing) with { Strategy = RoutingStrategy.Broadcast, Silo = silo }, silo);
        }
        return children;
    }

    private static TaskSubmission[] Shards(TaskSubmission task, TaskRouting routing, IReadOnlyList<SiloView> candidates, long start)
    {
        int shards = routing.Shards ?? throw new ArgumentException("routing.shards is required with sharding.", nameof(task));
        var children = new TaskSubmission[shards];
        for (int i = 0; i < shards; i++)
        {
            string silo = candidates.Count == 0 ? TaskRouting.NoSilo : candidates[SiloChooser.Slot(start + i, candidates.Count)].Id;
            var shard = Carried(routing) with { Strategy = RoutingStrategy.Sharding, Shards = shards, ShardIndex = i, ReassignAfterMs = routing.ReassignAfterMs };
            children[i] = Child(task, shard, silo);
        }
        return children;
    }

    /// <summary>What every child keeps of its parent's routing: its cost, labels and concurrency limit.</summary>
    private static TaskRouting Carried(TaskRouting routing) => new()
    {
        Cost = routing.Cost,
        Labels = routing.Labels,
        ConcurrencyKey = routing.ConcurrencyKey,
        MaxConcurrent = routing.MaxConcurrent,
    };

    /// <summary>The task as one child: the family store names it '&lt;parent id&gt;.&lt;i&gt;', and the parent alone keeps the idempotency key.</summary>
    private static TaskSubmission Child(TaskSubmission task, TaskRouting routing, string routedTo) =>
        task with { Id = null, IdempotencyKey = null, IdempotencyWindow = null, Node = null, Routing = routing, RoutedTo = routedTo };

    /// <summary>Why a broadcast has nowhere to go: the queue, and the labels and cost that narrowed the silos.</summary>
    internal static string NoSiloMessage(string queue, TaskRouting routing)
    {
        string labels = routing.Labels is { Count: > 0 } required
            ? $" with labels {string.Join(", ", required.Select(p => $"{p.Key}={p.Value}"))}"
            : "";
        string cost = routing.Cost > 1 ? $"{(labels.Length > 0 ? " and" : " with")} capacity for cost {routing.Cost}" : "";
        return $"routing.strategy broadcast: no Active silo serves queue '{queue}'{labels}{cost}, so there is no silo to copy the task to.";
    }
}
