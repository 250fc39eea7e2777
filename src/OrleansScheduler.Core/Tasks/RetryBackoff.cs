namespace OrleansScheduler.Tasks;

/// <summary>
/// Exponential backoff with "equal jitter": the delay before retry n is half of
/// min(cap, base × 2^(n−1)) plus a random share of the other half, so retries of many tasks that
/// failed together spread out instead of arriving in one wave. Both stores use this one formula
/// (the Redis store's fail script mirrors it and the contract suite checks both).
/// </summary>
public static class RetryBackoff
{
    /// <summary>The delay after the failed attempt number <paramref name="attempt"/> (1-based).</summary>
    /// <param name="attempt">The attempt that just failed.</param>
    /// <param name="baseDelay">The task's first-retry delay.</param>
    /// <param name="jitter">A random number in [0, 1).</param>
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, double jitter)
    {
        double capMs = TaskLimits.MaxBackoff.TotalMilliseconds;
        double exponential = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 40));
        double full = Math.Min(capMs, exponential);
        return TimeSpan.FromMilliseconds(Math.Floor(full / 2 + jitter * full / 2));
    }
}
