namespace OrleansScheduler.Handlers;

/// <summary>
/// Thrown by a handler to fail the attempt and have the next one wait at least <see cref="RetryAfter"/>
/// (a server's <c>Retry-After</c>, a quota's reset): the retry is due at the later of the task's backoff and
/// this delay. The task still ends Failed when no attempt is left.
/// </summary>
public class RetryAfterTaskException : Exception
{
    // Kept in Data, which Orleans' exception codec carries across silos (it rebuilds only Exception's own members),
    // so a task target grain on another silo can throw it too.
    private const string RetryAfterKey = "OrleansScheduler.RetryAfter";

    /// <summary>An exception whose retry waits at least <paramref name="retryAfter"/> (a negative delay counts as none).</summary>
    public RetryAfterTaskException(string message, TimeSpan retryAfter, Exception? inner = null) : base(message, inner) =>
        Data[RetryAfterKey] = retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter;

    /// <summary>The least time before the next attempt may start.</summary>
    public TimeSpan RetryAfter => Data[RetryAfterKey] is TimeSpan after ? after : TimeSpan.Zero;
}
