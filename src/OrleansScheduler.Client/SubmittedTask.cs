namespace OrleansScheduler.Client;

/// <summary>
/// The gateway's answer to one submission: the task id and the state it starts in (Pending or
/// Scheduled). A repeat under a known <see cref="TaskRequest.IdempotencyKey"/> answers the first
/// task's id and the state it is in now.
/// </summary>
public sealed record SubmittedTask(string Id, TaskState Status);
