using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Redis;

/// <summary>Options of the Redis task store. Defaults are documented in docs/configuration.md.</summary>
public sealed class RedisStoreOptions
{
    /// <summary>The StackExchange.Redis configuration string, e.g. <c>"127.0.0.1:6379"</c>. Default: <c>"127.0.0.1:6379"</c>.</summary>
    public string Configuration { get; set; } = "127.0.0.1:6379";

    /// <summary>
    /// Prepended to every key and channel, so several schedulers (or tests) can share one Redis.
    /// Must not contain '{', '}' or ':' (they would break the hash tags). Default: <c>"os"</c>.
    /// </summary>
    public string KeyPrefix { get; set; } = "os";

    /// <summary>Largest payload accepted, in UTF-8 bytes. Default: 256 KiB, or the silo's <c>SchedulerOptions.MaxPayloadBytes</c> when hosted.</summary>
    public int MaxPayloadBytes { get; set; } = TaskLimits.DefaultMaxPayloadBytes;

    /// <summary>How much history the store keeps: events per queue, log lines and attempts per task. Default: <see cref="HistoryLimits.Default"/>.</summary>
    public HistoryLimits History { get; set; } = HistoryLimits.Default;

    /// <summary>
    /// Whether the scheduler's clock follows the Redis server's time (<see cref="RedisServerClock"/>), so
    /// due times, attempt deadlines and the failover backstop's claim ages mean the same on every node
    /// even when their clocks disagree.
    /// Default: true.
    /// </summary>
    public bool UseServerClock { get; set; } = true;

    /// <summary>
    /// How many replicas must have a submission before it is acknowledged: after storing it the store sends WAIT and,
    /// when fewer replicas confirm within <see cref="WaitReplicasTimeout"/>, answers with a
    /// <see cref="TaskStoreUnavailableException"/> (503) instead, though the task stays stored. 0 acknowledges what the
    /// primary stored, which a failover to a replica that had not received it yet loses (docs/redis-faults.md). Default: 0.
    /// </summary>
    public int WaitReplicas { get; set; }

    /// <summary>
    /// How long a submission waits for <see cref="WaitReplicas"/> replicas. Keep it well below the connection's
    /// asyncTimeout (5 s by default): the store's other commands on the connection queue behind a WAIT. Default: 1 s.
    /// </summary>
    public TimeSpan WaitReplicasTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Throws when <see cref="KeyPrefix"/> would break the hash tags every key relies on.</summary>
    internal void ThrowIfInvalidKeyPrefix()
    {
        if (string.IsNullOrEmpty(KeyPrefix) || KeyPrefix.IndexOfAny(['{', '}', ':']) >= 0)
            throw new ArgumentException($"KeyPrefix '{KeyPrefix}' must be non-empty and contain no '{{', '}}' or ':'.", "options");
    }

    /// <summary>Throws when <see cref="WaitReplicas"/> or <see cref="WaitReplicasTimeout"/> is out of range.</summary>
    internal void ThrowIfInvalidReplicaWait()
    {
        if (WaitReplicas < 0)
            throw new ArgumentException($"WaitReplicas must be 0 or more (was {WaitReplicas}).", "options");
        if (WaitReplicas > 0 && (WaitReplicasTimeout < TimeSpan.FromMilliseconds(1) || WaitReplicasTimeout > TimeSpan.FromMinutes(1)))
            throw new ArgumentException($"WaitReplicasTimeout must be between 1 ms and 1 minute (was {WaitReplicasTimeout}).", "options");
    }
}
