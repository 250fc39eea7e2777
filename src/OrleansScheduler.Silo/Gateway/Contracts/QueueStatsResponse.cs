using OrleansScheduler.Storage;

namespace OrleansScheduler.Silo.Gateway.Contracts;

/// <summary>A queue at a glance, as <c>GET /api/queues/{name}</c> answers it and <c>GET /api/queues</c> lists it.</summary>
/// <param name="Name">The queue.</param>
/// <param name="Paused">Whether the queue is paused.</param>
/// <param name="Counts">Its tasks per state now.</param>
/// <param name="SucceededLastMinute">Tasks that became Succeeded in the last 60 seconds.</param>
/// <param name="FailedLastMinute">Tasks that became Failed (terminal) in the last 60 seconds.</param>
/// <param name="OldestPendingAgeMs">How long the longest-waiting Pending task has been due, in milliseconds; null when nothing is Pending.</param>
/// <param name="Limits">Its limits.</param>
internal sealed record QueueStatsResponse(
    string Name, bool Paused, QueueCountsResponse Counts, long SucceededLastMinute, long FailedLastMinute, long? OldestPendingAgeMs, QueueLimitsValues Limits)
{
    /// <summary>The response for <paramref name="stats"/>.</summary>
    public static QueueStatsResponse From(QueueStats stats) => new(
        stats.Queue,
        stats.Paused,
        QueueCountsResponse.From(stats.Counts),
        stats.SucceededLastMinute,
        stats.FailedLastMinute,
        stats.OldestPendingAge is { } age ? Math.Max(0, (long)age.TotalMilliseconds) : null,
        QueueLimitsValues.From(stats.Limits));
}
