namespace OrleansScheduler.Silo.Gateway.Contracts;

/// <summary>A task's attempts, oldest first; the one running now, if any, comes last with outcome <c>running</c>.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Attempts">Its attempts, oldest first.</param>
internal sealed record TaskAttemptsResponse(string TaskId, IReadOnlyList<TaskAttemptResponse> Attempts);
