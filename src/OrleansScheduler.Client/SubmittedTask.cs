namespace OrleansScheduler.Client;

/// <summary>The gateway's answer to one submission: the task id and the state it starts in (Pending or Scheduled).</summary>
public sealed record SubmittedTask(string Id, TaskState Status);
