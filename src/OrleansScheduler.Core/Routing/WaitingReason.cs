using OrleansScheduler.Tasks;

namespace OrleansScheduler.Routing;

/// <summary>
/// Why a Pending routed task has not started, in words for <c>GET /api/tasks/{id}</c>: the silo it waits for,
/// or what no silo offers it now (free slots for its cost, its labels), read from a silo's membership-and-load
/// snapshot. Pure: no I/O.
/// </summary>
public static class WaitingReason
{
    /// <summary>The reason, or null when the task is not Pending or its routing holds nothing back.</summary>
    /// <param name="task">The task as stored.</param>
    /// <param name="snapshot">The silos as the answering silo sees them.</param>
    /// <param name="pinnedWait">How long a pinned task waits for its silo (<c>Scheduler:PinnedWait</c>).</param>
    public static string? For(TaskRecord task, RoutingSnapshot snapshot, TimeSpan pinnedWait)
    {
        if (task.Status != TaskState.Pending || task.Routing is not { } routing) return null;
        if (task.RoutedTo == TaskRouting.NoSilo) return NoSilo(task, routing, pinnedWait);
        if (task.RoutedTo is { } silo) return Routed(task, routing, snapshot, silo);
        var candidates = snapshot.Candidates(task.Queue, routing with { Cost = 1 });
        if (candidates.Count == 0)
            return $"no Active silo serving queue '{task.Queue}'{Labels(routing)} can take it now; it starts as soon as one can.";
        if (routing.Cost > 1 && candidates.Max(c => c.FreeSlots) is var most && most < routing.Cost)
            return $"it needs {routing.Cost} free slots; the most free on a silo serving queue '{task.Queue}' now is {most}.";
        if (routing.ConcurrencyKey is { } key)
            return $"at most {routing.KeyLimit} task(s) of concurrency key '{key}' run at once; it starts when its turn comes.";
        return null;
    }

    private static string NoSilo(TaskRecord task, TaskRouting routing, TimeSpan pinnedWait) => routing.Strategy switch
    {
        RoutingStrategy.Pinned => $"pinned silo '{routing.Silo}' is not Active (or does not serve queue '{task.Queue}'); "
            + $"the task ends Failed if it is not back within {pinnedWait.TotalSeconds:0.#} s of waiting.",
        RoutingStrategy.Broadcast => $"its silo '{routing.Silo}' left before its copy ran; the copy ends Failed.",
        _ => $"no Active silo serving queue '{task.Queue}'{Labels(routing)} qualifies; it is routed as soon as one does.",
    };

    private static string Routed(TaskRecord task, TaskRouting routing, RoutingSnapshot snapshot, string silo)
    {
        var view = snapshot.Find(silo);
        string name = view is { Name.Length: > 0 } ? $"{view.Name} ({silo})" : silo;
        if (view is not { Active: true })
            return $"routed to silo {name}, which is not Active; it is routed again by its strategy ({TaskRoutingValidator.StrategyName(routing.Strategy)}).";
        string reassign = routing.ReassignAfterMs is { } after ? $", or on another silo once it has waited {after} ms" : "";
        return $"routed to silo {name} by {TaskRoutingValidator.StrategyName(routing.Strategy)}; it starts when that silo has {routing.Cost} free slot(s){reassign}.";
    }

    private static string Labels(TaskRouting routing) =>
        routing.Labels is { Count: > 0 } labels ? $" with labels {string.Join(", ", labels.Select(l => $"{l.Key}={l.Value}"))}" : "";
}
