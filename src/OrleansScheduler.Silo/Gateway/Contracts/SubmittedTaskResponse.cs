using OrleansScheduler.Tasks;

namespace OrleansScheduler.Silo.Gateway.Contracts;

/// <summary>The answer to a submission: the id and the state the task starts in (Pending, or Scheduled when delayed).</summary>
internal sealed record SubmittedTaskResponse(string Id, TaskState Status);
