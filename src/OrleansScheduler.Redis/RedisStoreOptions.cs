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

    /// <summary>Throws when <see cref="KeyPrefix"/> would break the hash tags every key relies on.</summary>
    internal void ThrowIfInvalidKeyPrefix()
    {
        if (string.IsNullOrEmpty(KeyPrefix) || KeyPrefix.IndexOfAny(['{', '}', ':']) >= 0)
            throw new ArgumentException($"KeyPrefix '{KeyPrefix}' must be non-empty and contain no '{{', '}}' or ':'.", "options");
    }
}
