namespace OrleansScheduler.Api;

/// <summary>The answer of <c>GET /api/tasks/{id}/attempts</c>.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Attempts">Its attempts, oldest first; the running one last, if any.</param>
[GenerateSerializer, Alias("OrleansScheduler.TaskAttempts")]
public sealed record TaskAttempts([property: Id(0)] string TaskId, [property: Id(1)] IReadOnlyList<TaskAttemptInfo> Attempts);
