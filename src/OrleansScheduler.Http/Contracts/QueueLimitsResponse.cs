using OrleansScheduler.Api;

namespace OrleansScheduler.Http.Contracts;

/// <summary>A queue's limits as stored; null fields mean no limit (or, for retention, the default of 24 h).</summary>
/// <param name="Queue">The queue.</param>
/// <param name="MaxConcurrency">Most tasks of the queue Running at once across all silos.</param>
/// <param name="RatePerSecond">Most tasks started per second across all silos.</param>
/// <param name="RetentionSeconds">How long finished tasks are kept, in seconds.</param>
internal sealed record QueueLimitsResponse(string Queue, int? MaxConcurrency, double? RatePerSecond, long? RetentionSeconds)
{
    /// <summary>The response for <paramref name="queue"/>'s <paramref name="limits"/>.</summary>
    public static QueueLimitsResponse From(string queue, QueueLimitsInfo limits) => new(queue, limits.MaxConcurrency, limits.RatePerSecond, limits.RetentionSeconds);
}
