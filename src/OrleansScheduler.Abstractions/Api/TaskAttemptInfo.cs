namespace OrleansScheduler.Api;

/// <summary>One attempt of a task: where and when it ran and how it ended.</summary>
/// <param name="Number">The attempt number, from 1 (a failed-over or released attempt's number is used again by the next).</param>
/// <param name="Silo">The silo that ran it (its Orleans address, <c>host:port@generation</c>).</param>
/// <param name="StartedAt">When it was claimed.</param>
/// <param name="FinishedAt">When it ended; null while it runs.</param>
/// <param name="Outcome">running, succeeded, failed, timedOut, canceled, failedOver or released.</param>
/// <param name="Error">The error, when it failed or timed out.</param>
[GenerateSerializer, Alias("OrleansScheduler.TaskAttemptInfo")]
public sealed record TaskAttemptInfo([property: Id(0)] int Number, [property: Id(1)] string Silo, [property: Id(2)] DateTimeOffset StartedAt, [property: Id(3)] DateTimeOffset? FinishedAt, [property: Id(4)] string Outcome, [property: Id(5)] string? Error);
