namespace OrleansScheduler.Api;

/// <summary>A queue at a glance, as the gateway shows it.</summary>
[GenerateSerializer, Alias("OrleansScheduler.QueueInfo")]
public sealed record QueueInfo
{
    /// <summary>The queue.</summary>
    [Id(0)] public required string Name { get; init; }
    /// <summary>Whether the queue is paused (nothing of it is claimed).</summary>
    [Id(1)] public bool Paused { get; init; }
    /// <summary>Its tasks per state now.</summary>
    [Id(2)] public required QueueCountsInfo Counts { get; init; }
    /// <summary>Tasks that became Succeeded in the last 60 seconds.</summary>
    [Id(3)] public long SucceededLastMinute { get; init; }
    /// <summary>Tasks that became Failed (terminal) in the last 60 seconds.</summary>
    [Id(4)] public long FailedLastMinute { get; init; }
    /// <summary>How long the longest-waiting Pending task has been due, in milliseconds; null when nothing is Pending.</summary>
    [Id(5)] public long? OldestPendingAgeMs { get; init; }
    /// <summary>Its limits.</summary>
    [Id(6)] public required QueueLimitsInfo Limits { get; init; }
}
