namespace OrleansScheduler.Tasks;

/// <summary>One attempt of a task: where and when it ran and how it ended.</summary>
public sealed record TaskAttempt
{
    /// <summary>The attempt number the task had (from 1; a retry on request starts again at 1, a failed-over or released attempt's number is reused).</summary>
    public int Number { get; init; }
    /// <summary>The silo that ran it (its Orleans address, <c>host:port@generation</c>).</summary>
    public required string Silo { get; init; }
    /// <summary>When it was claimed.</summary>
    public DateTimeOffset StartedAt { get; init; }
    /// <summary>When it ended; null while it runs.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>How it ended: one of <see cref="TaskAttemptOutcomes"/>.</summary>
    public required string Outcome { get; init; }
    /// <summary>The error, when it failed or timed out.</summary>
    public string? Error { get; init; }
}
