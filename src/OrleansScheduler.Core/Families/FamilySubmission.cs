using OrleansScheduler.Tasks;

namespace OrleansScheduler.Families;

/// <summary>
/// A parent and its children submitted in one step (<c>POST /api/tasks</c> with <c>children</c> and
/// <c>join</c>): the parent is stored Waiting, its first run is its join step, and the children are
/// stored Pending (or Scheduled) with the ids <c>&lt;parent id&gt;.&lt;position&gt;</c>.
/// </summary>
/// <param name="Join">The parent: the join step's type, payload and queue.</param>
/// <param name="Children">At least one child; any queue; no client-chosen ids.</param>
/// <param name="Policy">What the parent does when a child ends Failed or Canceled.</param>
public sealed record FamilySubmission(TaskSubmission Join, IReadOnlyList<TaskSubmission> Children, ChildFailurePolicy Policy = ChildFailurePolicy.Collect);
