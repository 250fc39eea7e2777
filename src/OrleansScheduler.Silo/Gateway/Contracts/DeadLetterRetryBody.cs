namespace OrleansScheduler.Silo.Gateway.Contracts;

// Documents the body for OpenAPI only: DeadLetterRetryParser reads it.

/// <summary>Which Failed tasks to retry. The body is optional: without it (or with <c>{}</c>) every Failed task of the queue is retried.</summary>
/// <param name="Ids">1 to 1000 task ids; ids that are not Failed tasks of the queue are reported in <c>skipped</c>, not refused.</param>
internal sealed record DeadLetterRetryBody(IReadOnlyList<string>? Ids);
