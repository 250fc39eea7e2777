using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansScheduler.Redis;
using StackExchange.Redis;

namespace OrleansScheduler.Hosting;

/// <summary><c>.UseRedis("localhost:6379")</c>: keeps a silo's tasks and the cluster's membership in Redis, shared by every silo.</summary>
public static class RedisSchedulerBuilderExtensions
{
    /// <summary>
    /// Uses Redis for the tasks (<see cref="RedisTaskStore"/>), for the membership table and
    /// leases (<see cref="RedisClusterStore"/>) and for cron schedules (<see cref="RedisScheduleStore"/>), all on one shared <see cref="IConnectionMultiplexer"/>
    /// (a singleton disposed with the host; one registered earlier is used instead) and one key
    /// prefix. Every silo's <see cref="TimeProvider"/> follows the Redis server's clock
    /// (<see cref="RedisStoreOptions.UseServerClock"/>). Takes the payload and history limits from <see cref="SchedulerOptions.MaxPayloadBytes"/> and <see cref="SchedulerOptions.History"/> unless
    /// <paramref name="configure"/> sets it.
    /// </summary>
    /// <param name="builder">The scheduler builder from <c>AddScheduler</c>.</param>
    /// <param name="configuration">The StackExchange.Redis configuration string, e.g. <c>"localhost:6379"</c>.</param>
    /// <param name="configure">Optional further options, e.g. the key prefix.</param>
    public static SchedulerBuilder UseRedis(this SchedulerBuilder builder, string configuration, Action<RedisStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);

        builder.Services.AddOptions<RedisStoreOptions>().Configure<IOptions<SchedulerOptions>>((options, scheduler) =>
        {
            options.Configuration = configuration;
            options.MaxPayloadBytes = scheduler.Value.MaxPayloadBytes;
            options.History = scheduler.Value.History;
            configure?.Invoke(options);
        });
        builder.Services.TryAddSingleton<IConnectionMultiplexer>(sp =>
            ConnectionMultiplexer.Connect(sp.GetRequiredService<IOptions<RedisStoreOptions>>().Value.Configuration));
        // Every silo reads "now" from Redis's clock (see RedisServerClock), unless turned off.
        var systemClock = TimeProvider.System;
        builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(sp =>
            sp.GetRequiredService<IOptions<RedisStoreOptions>>().Value.UseServerClock
                ? new RedisServerClock(sp.GetRequiredService<IConnectionMultiplexer>(), systemClock)
                : systemClock));
        return builder
            .UseStore(sp => new RedisTaskStore(
                sp.GetRequiredService<IConnectionMultiplexer>(),
                sp.GetRequiredService<IOptions<RedisStoreOptions>>().Value,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILogger<RedisTaskStore>>()))
            .UseClusterStore(sp => new RedisClusterStore(
                sp.GetRequiredService<IConnectionMultiplexer>(),
                sp.GetRequiredService<IOptions<RedisStoreOptions>>().Value,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILogger<RedisClusterStore>>()))
            .UseScheduleStore(sp => new RedisScheduleStore(
                sp.GetRequiredService<IConnectionMultiplexer>(),
                sp.GetRequiredService<IOptions<RedisStoreOptions>>().Value,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILogger<RedisScheduleStore>>()));
    }
}
