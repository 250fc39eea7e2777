using Microsoft.Extensions.Logging;

namespace OrleansScheduler.Redis;

/// <summary>The Redis store's log messages, source-generated so a disabled level costs nothing.</summary>
internal static partial class RedisStoreLog
{
    [LoggerMessage(101, LogLevel.Debug, "Loaded the function library {Library} ({Count} functions) into Redis")]
    public static partial void FunctionsLoaded(ILogger logger, int count, string library);

    [LoggerMessage(102, LogLevel.Warning, "Redis did not know function {Function} (restart, failover or FUNCTION FLUSH); loading the library {Library} again")]
    public static partial void FunctionsReloaded(ILogger logger, string function, string library);

    [LoggerMessage(103, LogLevel.Error, "A wake-up handler for queue {Queue} threw")]
    public static partial void WakeHandlerFailed(ILogger logger, Exception exception, string queue);

    [LoggerMessage(104, LogLevel.Error, "A cancellation handler of silo {SiloId} threw for task {TaskId}")]
    public static partial void CancelHandlerFailed(ILogger logger, Exception exception, string siloId, string taskId);

    [LoggerMessage(105, LogLevel.Warning, "Queue {Queue} holds a notice this version does not know, left for a newer one: {Notice}")]
    public static partial void UnknownNotice(ILogger logger, string queue, string notice);

    [LoggerMessage(106, LogLevel.Warning, "Redis Cluster refused script {Script} on {Key} without running it (try {Attempt}): {Error}; trying again")]
    public static partial void ClusterRetry(ILogger logger, string script, string key, int attempt, string error);

    [LoggerMessage(107, LogLevel.Warning, "Could not read the maxmemory-policy of Redis at {Endpoint} ({Error}); make sure it is noeviction, or a full Redis deletes tasks")]
    public static partial void MemoryPolicyUnknown(ILogger logger, string endpoint, string error);

    [LoggerMessage(109, LogLevel.Warning, "Redis answered as a replica ({Error}); asking every server its role again to find the new primary")]
    public static partial void Reconfiguring(ILogger logger, string error);

    [LoggerMessage(120, LogLevel.Critical, "Redis lost data under this process ({Status}): {Cause}. It does not repair itself: follow the recovery procedure in docs/redis-faults.md")]
    public static partial void DataLost(ILogger logger, string status, string cause);
}
