namespace OrleansScheduler.Api;

/// <summary>The answer of <c>GET /api/tasks/{id}/logs</c>.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Lines">What its handler logged, oldest first.</param>
[GenerateSerializer, Alias("OrleansScheduler.TaskLogs")]
public sealed record TaskLogs([property: Id(0)] string TaskId, [property: Id(1)] IReadOnlyList<TaskLogLineInfo> Lines);
