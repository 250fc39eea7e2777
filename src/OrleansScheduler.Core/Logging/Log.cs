using Microsoft.Extensions.Logging;

namespace OrleansScheduler.Logging;

/// <summary>The silo's log messages, source-generated so a disabled level costs nothing.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Silo {SiloId} serving queues {Queues} with {Capacity} slots")]
    public static partial void WorkerStarted(ILogger logger, string siloId, string queues, int capacity);

    [LoggerMessage(2, LogLevel.Information, "Silo {SiloId} stopping: {Running} attempt(s) still running, draining for up to {DrainTimeout}")]
    public static partial void Draining(ILogger logger, string siloId, int running, TimeSpan drainTimeout);

    [LoggerMessage(3, LogLevel.Warning, "Silo {SiloId} canceled {Running} attempt(s) still running after the drain timeout")]
    public static partial void DrainTimedOut(ILogger logger, string siloId, int running);

    [LoggerMessage(4, LogLevel.Error, "Claiming from queue {Queue} failed on silo {SiloId}; retrying after the poll interval")]
    public static partial void ClaimFailed(ILogger logger, Exception exception, string queue, string siloId);

    [LoggerMessage(5, LogLevel.Warning, "Storing {Count} attempt outcome(s) failed (try {Try}); retrying")]
    public static partial void OutcomeFlushFailed(ILogger logger, Exception exception, int count, int @try);

    [LoggerMessage(6, LogLevel.Error, "Gave up storing {Count} attempt outcome(s); their attempts will time out and run again")]
    public static partial void OutcomeFlushAbandoned(ILogger logger, Exception exception, int count);

    [LoggerMessage(7, LogLevel.Information, "Outcome of task {TaskId} in queue {Queue} (token {Token}) was rejected: {Result}")]
    public static partial void OutcomeRejected(ILogger logger, string taskId, string queue, long token, Tasks.OutcomeResult result);

    [LoggerMessage(8, LogLevel.Warning, "Attempt {Attempt} of task {TaskId} ({Type}) in queue {Queue} failed: {Error}")]
    public static partial void AttemptFailed(ILogger logger, string taskId, string type, string queue, int attempt, string error);

    [LoggerMessage(9, LogLevel.Information, "Timed out {Count} attempt(s) past their deadline in queue {Queue}")]
    public static partial void AttemptsExpired(ILogger logger, int count, string queue);

    [LoggerMessage(10, LogLevel.Error, "Timing out expired attempts in queue {Queue} failed")]
    public static partial void ExpirySweepFailed(ILogger logger, Exception exception, string queue);
}
