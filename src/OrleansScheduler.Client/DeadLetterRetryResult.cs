namespace OrleansScheduler.Client;

/// <summary>The gateway's answer to <see cref="SchedulerClient.RetryDeadLetterAsync"/>.</summary>
/// <param name="Retried">The ids now Pending again.</param>
/// <param name="Count">How many were retried.</param>
/// <param name="Skipped">The ids left alone, each with why; empty when every one was retried.</param>
public sealed record DeadLetterRetryResult(IReadOnlyList<string> Retried, int Count, IReadOnlyList<SkippedTask> Skipped);
