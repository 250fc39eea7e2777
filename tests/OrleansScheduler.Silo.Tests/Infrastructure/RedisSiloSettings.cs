using OrleansScheduler.Testing;

namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>The configuration that puts a silo on a test's own redis-server, under a key prefix of its own.</summary>
internal static class RedisSiloSettings
{
    /// <summary>Starts <paramref name="redis"/> and returns the settings that point a silo at it.</summary>
    public static async Task<IReadOnlyDictionary<string, string?>> StartAsync(RedisServer redis)
    {
        await redis.InitializeAsync();
        return new Dictionary<string, string?>
        {
            ["Scheduler:Redis"] = redis.ConnectionString,
            ["Scheduler:RedisStore:KeyPrefix"] = RedisServer.NewKeyPrefix(),
        };
    }
}
