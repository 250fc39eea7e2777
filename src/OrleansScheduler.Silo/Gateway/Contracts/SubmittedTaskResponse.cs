using OrleansScheduler.Tasks;

namespace OrleansScheduler.Silo.Gateway.Contracts;

/// <summary>
/// The answer to a submission: the id and the state the task starts in (Pending, or Scheduled when
/// delayed). A repeat under a known idempotency key answers the first task's id and the state it is in now.
/// </summary>
internal sealed record SubmittedTaskResponse(string Id, TaskState Status);
