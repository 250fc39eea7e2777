namespace OrleansScheduler.Tasks;

/// <summary>A finished attempt that succeeded: its result (JSON text) is stored and the task ends Succeeded.</summary>
public sealed record TaskCompletion(string Id, string Queue, long Token, string Result);

/// <summary>
/// A finished attempt that failed. When <see cref="Retryable"/> and attempts remain, the task is
/// Scheduled again after its exponential backoff (or <see cref="RetryAfter"/>, when that is later);
/// otherwise it ends Failed.
/// </summary>
public sealed record TaskFailure(string Id, string Queue, long Token, string Error, bool Retryable = true)
{
    /// <summary>The least delay before the retry (a server's <c>Retry-After</c>); null: the backoff alone decides.</summary>
    public TimeSpan? RetryAfter { get; init; }
}

/// <summary>What the store did with one completion or failure.</summary>
public enum OutcomeResult
{
    /// <summary>Recorded.</summary>
    Accepted,

    /// <summary>Rejected: the attempt's token is no longer current (it was timed out, failed over or canceled).</summary>
    StaleToken,

    /// <summary>Rejected: the task is not Running (already finished, or canceled).</summary>
    NotRunning,

    /// <summary>Rejected: no such task.</summary>
    NotFound,

    /// <summary>
    /// Nothing changed: this very outcome (same attempt, token and result or error) was recorded before. A call
    /// retried after its reply was lost gets this; the outcome counts as recorded, once.
    /// </summary>
    AlreadyRecorded,
}

/// <summary>A running attempt's progress report: a percentage (0–100) and an optional message.</summary>
public sealed record TaskProgress(string Id, string Queue, long Token, int Percent, string? Message);

/// <summary>A running attempt handed back by a draining silo: it goes back to Pending without counting.</summary>
public sealed record TaskRelease(string Id, string Queue, long Token);

/// <summary>What a failover did in one queue: tasks requeued, and tasks failed as poison.</summary>
public readonly record struct FailoverResult(int Requeued, int Poisoned);
