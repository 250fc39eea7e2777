namespace OrleansScheduler.Api;

/// <summary>The answer of <c>GET /api/tasks/{id}/events</c>.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Events">Its transitions still in its queue's stream, oldest first.</param>
[GenerateSerializer, Alias("OrleansScheduler.TaskEvents")]
public sealed record TaskEvents([property: Id(0)] string TaskId, [property: Id(1)] IReadOnlyList<TaskEventInfo> Events);
