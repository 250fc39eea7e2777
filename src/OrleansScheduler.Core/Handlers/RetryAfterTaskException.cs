namespace OrleansScheduler.Handlers;

/// <summary>
/// Thrown by a handler to fail the attempt and have the next one wait at least <see cref="RetryAfter"/>
/// (a server's <c>Retry-After</c>, a quota's reset): the retry is due at the later of the task's backoff and
/// this delay. The task still ends Failed when no attempt is left.
/// </summary>
public class RetryAfterTaskException(string message, TimeSpan retryAfter, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The least time before the next attempt may start.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter;
}
