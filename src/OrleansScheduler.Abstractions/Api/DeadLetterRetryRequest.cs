namespace OrleansScheduler.Api;

/// <summary>The body of <c>POST /api/queues/{name}/dead-letter/retry</c>; without a body (or with <c>{}</c>) every Failed task is retried.</summary>
/// <param name="Ids">The Failed tasks to retry (1–1000), or null for all.</param>
[GenerateSerializer, Alias("OrleansScheduler.DeadLetterRetryRequest")]
public sealed record DeadLetterRetryRequest([property: Id(0)] IReadOnlyList<string>? Ids);
