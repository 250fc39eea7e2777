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

    [LoggerMessage(4, LogLevel.Error, "Claiming from queue {Queue} failed on silo {SiloId} after every try; trying again after the poll interval with the same request")]
    public static partial void ClaimFailed(ILogger logger, Exception exception, string queue, string siloId);

    [LoggerMessage(5, LogLevel.Warning, "Storing {Count} attempt outcome(s) failed (try {Try}); retrying")]
    public static partial void OutcomeFlushFailed(ILogger logger, Exception exception, int count, int @try);

    [LoggerMessage(6, LogLevel.Error, "Gave up storing {Count} attempt outcome(s); their attempts will time out and run again")]
    public static partial void OutcomeFlushAbandoned(ILogger logger, Exception exception, int count);

    [LoggerMessage(28, LogLevel.Information, "Outcome of task {TaskId} in queue {Queue} (token {Token}) was already recorded: its first call ran, its reply was lost")]
    public static partial void OutcomeAlreadyRecorded(ILogger logger, string taskId, string queue, long token);

    [LoggerMessage(29, LogLevel.Warning, "Claiming from queue {Queue} failed on silo {SiloId} (try {Try}); retrying the same request {RequestId}")]
    public static partial void ClaimRetrying(ILogger logger, Exception exception, string queue, string siloId, int @try, string requestId);

    [LoggerMessage(7, LogLevel.Information, "Outcome of task {TaskId} in queue {Queue} (token {Token}) was rejected: {Result}")]
    public static partial void OutcomeRejected(ILogger logger, string taskId, string queue, long token, Tasks.OutcomeResult result);

    [LoggerMessage(8, LogLevel.Warning, "Attempt {Attempt} of task {TaskId} ({Type}) in queue {Queue} on silo {SiloId} failed: {Error}")]
    public static partial void AttemptFailed(ILogger logger, string taskId, string type, string queue, int attempt, string siloId, string error);

    [LoggerMessage(9, LogLevel.Information, "Timed out {Count} attempt(s) past their deadline in queue {Queue}")]
    public static partial void AttemptsExpired(ILogger logger, int count, string queue);

    [LoggerMessage(11, LogLevel.Warning, "Silo {SiloId} is {Reason}; requeuing its running tasks in every queue")]
    public static partial void FailingOver(ILogger logger, string siloId, string reason);

    [LoggerMessage(12, LogLevel.Warning, "Failover of silo {SiloId} in queue {Queue}: {Requeued} task(s) requeued, {Poisoned} failed as poison")]
    public static partial void FailedOver(ILogger logger, string siloId, string queue, int requeued, int poisoned);

    [LoggerMessage(15, LogLevel.Information, "Silo {SiloId} was asked to drain; it stops claiming and leaves the cluster when its work is done or handed back")]
    public static partial void DrainRequested(ILogger logger, string siloId);

    [LoggerMessage(20, LogLevel.Error, "The scheduler's sweep on silo {SiloId} failed; retrying at the next tick")]
    public static partial void SweepFailed(ILogger logger, Exception exception, string siloId);

    [LoggerMessage(21, LogLevel.Information, "Silo {SiloId} handed {Count} running attempt(s) back ({Reason})")]
    public static partial void HandedBack(ILogger logger, string siloId, int count, string reason);

    [LoggerMessage(23, LogLevel.Information, "Task {TaskId} in queue {Queue} was canceled while it ran on silo {SiloId}; its handler's token fires")]
    public static partial void AttemptCanceled(ILogger logger, string taskId, string queue, string siloId);

    [LoggerMessage(24, LogLevel.Warning, "The handler of task {TaskId} in queue {Queue} on silo {SiloId} ignored its cancellation for {Grace}; its slot is freed and its outcome will be rejected")]
    public static partial void HandlerAbandoned(ILogger logger, string taskId, string queue, string siloId, TimeSpan grace);

    [LoggerMessage(25, LogLevel.Warning, "Checking which attempts on silo {SiloId} are still current failed; retrying at the next interval")]
    public static partial void StaleCheckFailed(ILogger logger, Exception exception, string siloId);

    [LoggerMessage(26, LogLevel.Warning, "The store refused a claim of silo {SiloId} in queue {Queue}: it requeued this silo's work (the cluster declared it dead). It claims nothing more and gives up its {Running} running attempt(s)")]
    public static partial void SiloRequeued(ILogger logger, string siloId, string queue, int running);

    [LoggerMessage(27, LogLevel.Error, "Requeuing the work of silo {SiloId} failed; the failover backstop tries again")]
    public static partial void FailoverFailed(ILogger logger, Exception exception, string siloId);
}
