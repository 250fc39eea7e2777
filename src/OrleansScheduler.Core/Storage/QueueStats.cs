using OrleansScheduler.Tasks;

namespace OrleansScheduler.Storage;

/// <summary>A queue at a glance: tasks per state, recent throughput, how long the oldest ready task has waited, and its limits.</summary>
public sealed record QueueStats
{
    /// <summary>The queue.</summary>
    public required string Queue { get; init; }
    /// <summary>Whether the queue is paused.</summary>
    public bool Paused { get; init; }
    /// <summary>Tasks in each state now; every <see cref="TaskState"/> is present (0 when none).</summary>
    public required IReadOnlyDictionary<TaskState, long> Counts { get; init; }
    /// <summary>Tasks that became Succeeded in the last minute: the per-second buckets of the 60 seconds up to and including the current one.</summary>
    public long SucceededLastMinute { get; init; }
    /// <summary>Tasks that became Failed (terminal) in the last minute, counted like <see cref="SucceededLastMinute"/>.</summary>
    public long FailedLastMinute { get; init; }
    /// <summary>
    /// How long the longest-waiting Pending task has been due (now minus its run-at, or its creation
    /// when it had none), looking at the oldest task of each priority; null when nothing is Pending.
    /// </summary>
    public TimeSpan? OldestPendingAge { get; init; }
    /// <summary>The queue's limits.</summary>
    public required QueueLimits Limits { get; init; }
}
