namespace OrleansScheduler.Silo.Gateway.Contracts;

/// <summary>The answer to a dead-letter retry: the tasks that are Pending again, and those left alone with the reason.</summary>
/// <param name="Retried">The ids retried, in the order they were given (or, without ids, in id order).</param>
/// <param name="Count">How many were retried: the length of <paramref name="Retried"/>.</param>
/// <param name="Skipped">The ids given that were not retried, each with why; empty when every one was.</param>
internal sealed record DeadLetterRetryResponse(IReadOnlyList<string> Retried, int Count, IReadOnlyList<SkippedTaskResponse> Skipped);
