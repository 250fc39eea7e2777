using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansScheduler.Redis;
using StackExchange.Redis;

namespace OrleansScheduler.Hosting;

/// <summary><c>.UseRedis("localhost:6379")</c>: keeps a silo's tasks in Redis, shared by every silo of the cluster.</summary>
public static class RedisSchedulerBuilderExtensions
{
    /// <summary>
    /// Uses the Redis task store. Registers one shared <see cref="IConnectionMultiplexer"/>
    /// (a singleton disposed with the host; one registered earlier is used instead) and takes the
    /// payload limit from <see cref="SchedulerOptions.MaxPayloadBytes"/> unless
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
            configure?.Invoke(options);
        });
        builder.Services.TryAddSingleton<IConnectionMultiplexer>(sp =>
            ConnectionMultiplexer.Connect(sp.GetRequiredService<IOptions<RedisStoreOptions>>().Value.Configuration));
        return builder.UseStore(sp => new RedisTaskStore(
            sp.GetRequiredService<IConnectionMultiplexer>(),
            sp.GetRequiredService<IOptions<RedisStoreOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<RedisTaskStore>>()));
    }
}
