using OrleansScheduler.Tasks;

namespace OrleansScheduler.Storage;

/// <summary>
/// Routed tasks in the store (DESIGN.md §7). A task whose <see cref="TaskSubmission.RoutedTo"/> names a silo is
/// ready for that silo only (its own ready set); one routed to <see cref="TaskRouting.NoSilo"/> waits for a
/// silo; one whose routing <see cref="TaskRouting.FiltersAtClaim"/> is claimed only by a silo it fits
/// (<see cref="ClaimRequest"/>). A task keeps its routed silo through retries and hand-backs; a failover of
/// that silo (<see cref="ITaskStore.RequeueSiloTasksAsync"/>) moves its routed tasks to
/// <see cref="TaskRouting.NoSilo"/>, and so does any later return to ready of a task routed to a silo the
/// queue has requeued, so the router only ever routes again what waits for no silo, plus what it moves on
/// purpose. Part of <see cref="ITaskStore"/>.
/// </summary>
public interface ITaskRouting
{
    /// <summary>
    /// Advances the queue's round-robin cursor by <paramref name="count"/> and returns where it stood before:
    /// every gateway and silo continues one rotation. Starts at 0.
    /// </summary>
    Task<long> AdvanceRoundRobinAsync(string queue, int count, CancellationToken cancellationToken = default);

    /// <summary>The silos that Pending tasks of <paramref name="queue"/> are routed to, plus <see cref="TaskRouting.NoSilo"/> when some wait for one; sorted.</summary>
    Task<IReadOnlyList<string>> ListRoutedSilosAsync(string queue, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="max"/> Pending tasks of <paramref name="queue"/> routed to <paramref name="silo"/> (or <see cref="TaskRouting.NoSilo"/>), in claim order.</summary>
    Task<IReadOnlyList<RoutedTask>> ListRoutedAsync(string queue, string silo, int max, CancellationToken cancellationToken = default);

    /// <summary>
    /// Routes Pending tasks of <paramref name="queue"/> again, each only if it is still Pending and routed to
    /// its move's <see cref="TaskReroute.From"/> (so the call is idempotent, and when several silos route the
    /// same task the first wins); each moved task keeps its place in priority-then-submit order and starts
    /// waiting anew. Returns per move, in order, whether it was made.
    /// </summary>
    Task<IReadOnlyList<bool>> RerouteAsync(string queue, IReadOnlyList<TaskReroute> moves, CancellationToken cancellationToken = default);

    /// <summary>Sets the routing applied to tasks submitted to <paramref name="queue"/> without one; null removes it. Creates the queue like pausing does.</summary>
    /// <exception cref="ArgumentException">The queue name is invalid.</exception>
    Task SetQueueRoutingAsync(string queue, TaskRouting? routing, CancellationToken cancellationToken = default);

    /// <summary>The queue's default routing; null when none was set.</summary>
    Task<TaskRouting?> GetQueueRoutingAsync(string queue, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims as <see cref="ITaskStore.ClaimAsync(string, string, int, CancellationToken)"/> does, from the
    /// shared ready tasks, those routed to the claiming silo, and those whose routing filters at claim and
    /// that fit it: no task whose cost exceeds the slots left, whose labels the silo lacks, whose key already
    /// runs <see cref="TaskRouting.KeyLimit"/> times anywhere, or that its load strategy leaves to another silo
    /// (within <see cref="ClaimRequest.DeferWindow"/> of becoming ready). Highest priority first, then
    /// submission order. When it leaves a task to another silo, <see cref="ClaimBatch.NextDueAt"/> is no
    /// later than when that task's window ends.
    /// </summary>
    Task<ClaimBatch> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken = default);
}
