namespace OrleansScheduler.Alerts;

/// <summary>
/// When a webhook that was not answered 2xx is sent again: after <paramref name="BaseDelay"/>, then twice as long
/// each time up to <paramref name="MaxDelay"/>, for <paramref name="MaxAttempts"/> deliveries in all.
/// </summary>
public sealed record WebhookRetrySchedule(TimeSpan BaseDelay, TimeSpan MaxDelay, int MaxAttempts)
{
    /// <summary>The wait after failed delivery <paramref name="attempt"/> (from 1), or null when it was the last.</summary>
    public TimeSpan? DelayAfter(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        if (attempt >= MaxAttempts) return null;
        double ticks = BaseDelay.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30));
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Whether a delivery answered <paramref name="status"/> (null: no answer) is worth another: none, 408, 429 and 5xx.</summary>
    public static bool IsRetryable(int? status) => status is null or 408 or 429 or >= 500;
}
