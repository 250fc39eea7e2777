namespace OrleansScheduler.Silo.Gateway.Contracts;

/// <summary>The log lines a task's handler wrote, oldest first (the newest Scheduler history limit's worth are kept).</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Lines">Its lines, oldest first.</param>
internal sealed record TaskLogsResponse(string TaskId, IReadOnlyList<TaskLogLineResponse> Lines);
