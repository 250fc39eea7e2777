using Microsoft.Extensions.Logging;
using OrleansScheduler.Scheduling.Schedules;

namespace OrleansScheduler.Logging;

/// <summary>The cron schedules' log messages (event ids 300–399), source-generated so a disabled level costs nothing.</summary>
internal static partial class ScheduleLog
{
    [LoggerMessage(300, LogLevel.Information, "Schedule {Schedule} fired its tick {Tick:O} as task {TaskId} in queue {Queue}; next tick {NextTick:O}")]
    public static partial void ScheduleFired(ILogger logger, string schedule, DateTimeOffset tick, string taskId, string queue, DateTimeOffset? nextTick);

    [LoggerMessage(301, LogLevel.Information, "Schedule {Schedule} skipped its tick {Tick:O}: task {TaskId} of an earlier tick has not finished (overlap: skip); next tick {NextTick:O}")]
    public static partial void OverlapPolicySkipped(ILogger logger, string schedule, DateTimeOffset tick, string taskId, DateTimeOffset? nextTick);

    [LoggerMessage(302, LogLevel.Warning, "Schedule {Schedule} missed its ticks from {Tick:O} on (more than {Threshold} late: no scheduler grain ran); catch-up {CatchUp}; next tick {NextTick:O}")]
    public static partial void ScheduleTicksMissed(ILogger logger, string schedule, DateTimeOffset tick, TimeSpan threshold, CatchUpPolicy catchUp, DateTimeOffset? nextTick);

    [LoggerMessage(303, LogLevel.Debug, "Schedule {Schedule}'s tick {Tick:O} was advanced by another firer, or the schedule changed; its task, if any, is the same one")]
    public static partial void ScheduleRaceLost(ILogger logger, string schedule, DateTimeOffset tick);

    [LoggerMessage(304, LogLevel.Error, "Firing schedule {Schedule} failed; retrying at the next sweep")]
    public static partial void ScheduleFireFailed(ILogger logger, Exception exception, string schedule);
}
