using OrleansScheduler.Families;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Storage;

/// <summary>
/// Parents and children, and workflow nodes, in the store (DESIGN.md §8). A parent waits (Waiting) until
/// every child is terminal, then runs once more: its join step, with its children's outcomes. A child
/// counts once, when it first reaches Succeeded, Failed or Canceled (a later retry of it does not count it
/// again). Where a child shares its parent's queue, its parent is counted (and released) in the child's
/// own terminal transition; across queues the child's transition leaves a notice in its queue that the
/// same store call delivers at once and <see cref="DeliverNoticesAsync"/> delivers again should the caller
/// die in between. Under <see cref="ChildFailurePolicy.FailFast"/>, a child that ends Failed or Canceled
/// fails the parent at once (its attempt's token bumped if it still runs) and cancels its unfinished
/// children. Canceling a parent cancels its unfinished children; deleting a parent deletes its children
/// first; the retention sweep removes a finished parent with its children and never a child on its own.
/// </summary>
public interface ITaskFamilies
{
    /// <summary>
    /// Stores a parent Waiting for its join step and its children, all or nothing. The parent's
    /// idempotency key, when remembered, answers with the existing family and stores nothing.
    /// </summary>
    /// <exception cref="ArgumentException">A submission is invalid, there are no children, or a child names its own id.</exception>
    /// <exception cref="TaskAlreadyExistsException">The parent's client-chosen id is taken; nothing was stored.</exception>
    Task<SubmittedFamily> SubmitFamilyAsync(FamilySubmission family, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds children to a Running parent, checked against its token: children at positions the parent
    /// already has are left as they are and their ids returned (a rerun attempt spawning again), the others
    /// stored with the parent's depth + 1. The parent's child count becomes at least FirstIndex + count.
    /// </summary>
    /// <exception cref="ArgumentException">A child spec is invalid or names its own id.</exception>
    Task<SpawnResult> SpawnChildrenAsync(ChildSpawn spawn, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends parents' attempts by waiting for their children (see <see cref="TaskWait"/>); each checked
    /// against its token like a completion. Results are in input order.
    /// </summary>
    Task<IReadOnlyList<OutcomeResult>> WaitForChildrenAsync(IReadOnlyList<TaskWait> waits, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="max"/> children of <paramref name="parentId"/> from position
    /// <paramref name="start"/> on, in spawn order; null when there is no such task. Reads only.
    /// </summary>
    Task<ChildPage?> GetChildrenAsync(string parentId, int start, int max, CancellationToken cancellationToken = default);

    /// <summary>
    /// Releases a Waiting workflow node (its workflow saw its dependencies succeed): Pending, or Scheduled
    /// while its run-at is ahead. The caller wakes the queue's workers.
    /// </summary>
    /// <exception cref="TaskNotFoundException">No such task.</exception>
    /// <exception cref="TaskStateConflictException">The task is not Waiting, or it waits for children rather than for its workflow.</exception>
    Task<TaskRecord> UnblockAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Delivers the notices left in <paramref name="queue"/> by transitions whose caller stopped before
    /// delivering them: children's outcomes to parents in other queues, and finished workflow nodes to the
    /// listeners. Idempotent; returns how many it delivered. The queue's sweep calls it.
    /// </summary>
    Task<int> DeliverNoticesAsync(string queue, CancellationToken cancellationToken = default);

    /// <summary>
    /// The workflows that have Waiting nodes in <paramref name="queue"/>, each once: what the workflows'
    /// backstop wakes. Reads the queue's index of Waiting tasks, never a scan of all its tasks.
    /// </summary>
    Task<IReadOnlyList<string>> ListWaitingWorkflowsAsync(string queue, CancellationToken cancellationToken = default);

    /// <summary>Adds a listener for what transitions did beyond their replies; dispose the result to remove it.</summary>
    IDisposable Listen(ITaskStoreListener listener);
}
