using OrleansScheduler.Tasks;

namespace OrleansScheduler.Families;

/// <summary>
/// Children a running parent adds (<see cref="Storage.ITaskFamilies.SpawnChildrenAsync"/>), fenced by the
/// parent's attempt token. Child <c>i</c> of <see cref="Children"/> takes position
/// <see cref="FirstIndex"/> + i among the parent's children and the id <c>&lt;parent id&gt;.&lt;position&gt;</c>,
/// so an attempt that runs again after a crash and spawns the same children again gets the children the
/// first run stored instead of new ones.
/// </summary>
/// <param name="ParentId">The running parent.</param>
/// <param name="ParentQueue">The parent's queue.</param>
/// <param name="ParentToken">The parent attempt's fencing token.</param>
/// <param name="FirstIndex">The position of the first child among the parent's children, from 0.</param>
/// <param name="Children">The children's specs; any queue. Their <see cref="TaskSubmission.Id"/> must be null.</param>
/// <param name="Policy">What the parent does when a child ends Failed or Canceled; the latest spawn's policy holds.</param>
public sealed record ChildSpawn(
    string ParentId,
    string ParentQueue,
    long ParentToken,
    int FirstIndex,
    IReadOnlyList<TaskSubmission> Children,
    ChildFailurePolicy Policy = ChildFailurePolicy.Collect);
