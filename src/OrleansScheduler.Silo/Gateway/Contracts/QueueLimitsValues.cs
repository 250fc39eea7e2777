using OrleansScheduler.Storage;

namespace OrleansScheduler.Silo.Gateway.Contracts;

/// <summary>A queue's limits inside its stats; null fields mean no limit (or, for retention, the default of 24 h).</summary>
/// <param name="MaxConcurrency">Most tasks of the queue Running at once across all silos.</param>
/// <param name="RatePerSecond">Most tasks started per second across all silos.</param>
/// <param name="RetentionSeconds">How long finished tasks are kept, in seconds.</param>
internal sealed record QueueLimitsValues(int? MaxConcurrency, double? RatePerSecond, long? RetentionSeconds)
{
    /// <summary>The values of <paramref name="limits"/>.</summary>
    public static QueueLimitsValues From(QueueLimits limits) =>
        new(limits.MaxConcurrency, limits.RatePerSecond, limits.Retention is { } keep ? (long)keep.TotalSeconds : null);
}
