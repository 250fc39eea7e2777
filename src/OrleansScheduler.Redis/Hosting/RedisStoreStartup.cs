using Microsoft.Extensions.Logging;
using OrleansScheduler.Storage;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// Loads the task store's function library when the silo starts, so a Redis the store must refuse (an evicting
/// maxmemory-policy, <see cref="RedisMemoryPolicy"/>) stops the silo's start with that error instead of failing every
/// call later. A Redis that cannot be reached yet does not stop it: the store loads on first use, as it would anyway.
/// </summary>
internal sealed partial class RedisStoreStartup(ITaskStore store, ILogger<RedisStoreStartup> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(RedisStoreStartup), ServiceLifecycleStage.RuntimeInitialize, StartAsync);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        if (store is not RedisTaskStore redis) return;
        try
        {
            await redis.StartAsync();
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
        {
            LogNotReachable(logger, e);
        }
    }

    [LoggerMessage(108, LogLevel.Warning, "Redis could not be reached when the silo started; the task store loads its functions on first use")]
    private static partial void LogNotReachable(ILogger logger, Exception exception);
}
