namespace OrleansScheduler.Api;

/// <summary>The answer to a batch submission: the tasks' ids, in the order they were given.</summary>
/// <param name="Ids">One id per submitted task; a task with a known idempotency key answers the first task's id.</param>
[GenerateSerializer, Alias("OrleansScheduler.SubmittedBatch")]
public sealed record SubmittedBatch([property: Id(0)] IReadOnlyList<string> Ids);
