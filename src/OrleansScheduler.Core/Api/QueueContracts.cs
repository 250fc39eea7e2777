using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Api;

/// <summary>The store's queue stats and limits as the contracts show them: ages and retention in whole units.</summary>
public static class QueueContracts
{
    /// <summary>The contract of <paramref name="stats"/>.</summary>
    public static QueueInfo ToInfo(this QueueStats stats) => new()
    {
        Name = stats.Queue,
        Paused = stats.Paused,
        Counts = Counts(stats.Counts),
        SucceededLastMinute = stats.SucceededLastMinute,
        FailedLastMinute = stats.FailedLastMinute,
        OldestPendingAgeMs = stats.OldestPendingAge is { } age ? Math.Max(0, (long)age.TotalMilliseconds) : null,
        Limits = stats.Limits.ToInfo(),
    };

    /// <summary>The contract of <paramref name="limits"/>: retention in whole seconds, null where unset.</summary>
    public static QueueLimitsInfo ToInfo(this QueueLimits limits) => new()
    {
        MaxConcurrency = limits.MaxConcurrency,
        RatePerSecond = limits.RatePerSecond,
        RetentionSeconds = limits.Retention is { } keep ? (long)keep.TotalSeconds : null,
    };

    private static QueueCountsInfo Counts(IReadOnlyDictionary<TaskState, long> counts)
    {
        long Of(TaskState state) => counts.GetValueOrDefault(state);
        return new(Of(TaskState.Pending), Of(TaskState.Scheduled), Of(TaskState.Running), Of(TaskState.Succeeded),
                   Of(TaskState.Failed), Of(TaskState.Canceled), Of(TaskState.Paused), Of(TaskState.Waiting));
    }
}
