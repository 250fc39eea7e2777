namespace OrleansScheduler.Api;

/// <summary>The body of <c>POST /api/tasks/batch</c>: 1 to 1000 tasks, stored all or nothing.</summary>
/// <param name="Tasks">The tasks, in the order their ids come back.</param>
[GenerateSerializer, Alias("OrleansScheduler.SubmitBatchRequest")]
public sealed record SubmitBatchRequest([property: Id(0)] IReadOnlyList<SubmitTaskRequest> Tasks);
