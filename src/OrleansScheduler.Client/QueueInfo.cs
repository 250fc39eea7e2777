namespace OrleansScheduler.Client;

/// <summary>A queue at a glance, as the gateway shows it.</summary>
public sealed record QueueInfo
{
    /// <summary>The queue.</summary>
    public required string Name { get; init; }
    /// <summary>Whether the queue is paused (nothing of it is claimed).</summary>
    public bool Paused { get; init; }
    /// <summary>Its tasks per state now.</summary>
    public required QueueCountsInfo Counts { get; init; }
    /// <summary>Tasks that became Succeeded in the last 60 seconds.</summary>
    public long SucceededLastMinute { get; init; }
    /// <summary>Tasks that became Failed (terminal) in the last 60 seconds.</summary>
    public long FailedLastMinute { get; init; }
    /// <summary>How long the longest-waiting Pending task has been due, in milliseconds; null when nothing is Pending.</summary>
    public long? OldestPendingAgeMs { get; init; }
    /// <summary>Its limits.</summary>
    public required QueueLimitsInfo Limits { get; init; }
}
