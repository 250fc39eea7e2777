namespace OrleansScheduler.Api;

/// <summary>The gateway's answer to a dead-letter retry.</summary>
/// <param name="Retried">The ids now Pending again.</param>
/// <param name="Count">How many were retried.</param>
/// <param name="Skipped">The ids left alone, each with why; empty when every one was retried.</param>
[GenerateSerializer, Alias("OrleansScheduler.DeadLetterRetryResult")]
public sealed record DeadLetterRetryResult([property: Id(0)] IReadOnlyList<string> Retried, [property: Id(1)] int Count, [property: Id(2)] IReadOnlyList<SkippedTask> Skipped);
