using Microsoft.Extensions.Options;
using Orleans.Clustering.Redis;
using Orleans.Configuration;
using OrleansScheduler.Redis;
using OrleansScheduler.Storage;
using StackExchange.Redis;

namespace OrleansScheduler.Silo;

/// <summary>
/// Registers the silo's store check, which <c>/healthz</c> reports: on Redis (<c>Scheduler:Redis</c>) a
/// <see cref="RedisDataWatch"/> over the store's marker and Orleans' membership hash, on the store's own connection;
/// with the in-memory store none, since its data cannot vanish under the running silo.
/// </summary>
internal static class SiloStoreHealth
{
    /// <summary>Adds the watch when <paramref name="configuration"/> puts the silo on Redis.</summary>
    public static IServiceCollection AddSiloStoreHealth(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration[SiloConfiguration.Redis] is not { Length: > 0 }) return services;
        services.AddSingleton(sp => new RedisDataWatch(
            sp.GetRequiredService<IConnectionMultiplexer>(),
            sp.GetRequiredService<IOptions<RedisStoreOptions>>().Value.KeyPrefix,
            sp.GetRequiredService<IOptions<RedisClusteringOptions>>().Value.CreateRedisKey(sp.GetRequiredService<IOptions<ClusterOptions>>().Value),
            logger: sp.GetService<ILogger<RedisDataWatch>>()));
        services.AddSingleton<IStoreHealth>(sp => sp.GetRequiredService<RedisDataWatch>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisDataWatch>());
        return services;
    }
}
