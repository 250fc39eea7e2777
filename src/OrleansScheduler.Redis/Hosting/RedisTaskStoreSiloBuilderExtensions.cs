using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using OrleansScheduler.Hosting;
using OrleansScheduler.Redis;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Storage;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary><c>silo.UseRedisTaskStore("localhost:6379")</c>: the task scheduler keeps its tasks and cron schedules in Redis, shared by every silo.</summary>
public static class RedisTaskStoreSiloBuilderExtensions
{
    /// <summary>
    /// Keeps the scheduler's tasks (<see cref="RedisTaskStore"/>) and cron schedules (<see cref="RedisScheduleStore"/>) in
    /// Redis, on one <see cref="IConnectionMultiplexer"/> (a singleton disposed with the host; one registered
    /// earlier is used instead) and one key prefix. The scheduler's clock follows the Redis server's
    /// (<see cref="RedisStoreOptions.UseServerClock"/>). Takes the payload and history limits from
    /// <see cref="SchedulerOptions"/> unless <paramref name="configure"/> sets them. Unless the application registered
    /// grain storage named <see cref="SchedulerGrainStorage.Name"/> itself, the scheduler's grains (workflows) keep
    /// their state on the same Redis, serialized by Orleans' own serializer rather than Newtonsoft JSON, whose CLR type
    /// names would tie stored state to a type's name. Call it before or after <c>AddTaskScheduler</c>; Orleans' own
    /// clustering and reminders are configured on their own (<c>UseRedisClustering</c>, …).
    /// </summary>
    /// <param name="silo">The silo builder.</param>
    /// <param name="configuration">The StackExchange.Redis configuration string, e.g. <c>"localhost:6379"</c>.</param>
    /// <param name="configure">Optional further options, e.g. the key prefix.</param>
    public static ISiloBuilder UseRedisTaskStore(this ISiloBuilder silo, string configuration, Action<RedisStoreOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        return silo.UseRedisTaskStore(configuration, connection: null, configure);
    }

    /// <summary>
    /// As <see cref="UseRedisTaskStore(ISiloBuilder, string, Action{RedisStoreOptions})"/>, connecting with
    /// <paramref name="configuration"/>: for what a configuration string cannot say, such as the certificate
    /// callbacks of TLS to Redis. The store and its grain storage each connect with a copy of it;
    /// <see cref="RedisStoreOptions.Configuration"/> then shows it without its passwords.
    /// </summary>
    /// <param name="silo">The silo builder.</param>
    /// <param name="configuration">The StackExchange.Redis options to connect with.</param>
    /// <param name="configure">Optional further options, e.g. the key prefix.</param>
    public static ISiloBuilder UseRedisTaskStore(this ISiloBuilder silo, ConfigurationOptions configuration, Action<RedisStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return silo.UseRedisTaskStore(configuration.ToString(includePassword: false), configuration.Clone(), configure);
    }

    private static ISiloBuilder UseRedisTaskStore(this ISiloBuilder silo, string configuration, ConfigurationOptions? connection, Action<RedisStoreOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var services = silo.Services;
        services.AddOptions<RedisStoreOptions>().Configure<IOptions<SchedulerOptions>>((options, scheduler) =>
        {
            options.Configuration = configuration;
            options.MaxPayloadBytes = scheduler.Value.MaxPayloadBytes;
            options.History = scheduler.Value.History;
            configure?.Invoke(options);
        });
        services.TryAddSingleton<IConnectionMultiplexer>(sp => ConnectionMultiplexer.Connect(
            RedisStoreConnection.Options(connection?.Clone() ?? ConfigurationOptions.Parse(Options(sp).Configuration))));
        services.RemoveAllKeyed<TimeProvider>(SchedulerClock.Key);
        services.AddKeyedSingleton<TimeProvider>(SchedulerClock.Key, (sp, _) =>
            Options(sp).UseServerClock ? new RedisServerClock(sp.GetRequiredService<IConnectionMultiplexer>()) : TimeProvider.System);
        services.Replace(ServiceDescriptor.Singleton<ITaskStore>(sp => new RedisTaskStore(
            sp.GetRequiredService<IConnectionMultiplexer>(), Options(sp), Clock(sp), sp.GetService<ILogger<RedisTaskStore>>())));
        services.Replace(ServiceDescriptor.Singleton<IScheduleStore>(sp => new RedisScheduleStore(
            sp.GetRequiredService<IConnectionMultiplexer>(), Options(sp), Clock(sp), sp.GetService<ILogger<RedisScheduleStore>>())));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, RedisStoreStartup>()); // refuses an evicting Redis at start
        if (!services.Any(d => d.ImplementationType == typeof(RedisFaultCallFilter))) silo.AddIncomingGrainCallFilter<RedisFaultCallFilter>();
        if (!SchedulerGrainStorage.IsChosen(services, typeof(IGrainStorage))) AddGrainStorage(silo, connection ?? ConfigurationOptions.Parse(configuration));
        return silo;
    }

    private static void AddGrainStorage(ISiloBuilder silo, ConfigurationOptions connection)
    {
        silo.AddRedisGrainStorage(SchedulerGrainStorage.Name, o => o.ConfigurationOptions = connection.Clone());
        silo.Services.AddOptions<Orleans.Persistence.RedisStorageOptions>(SchedulerGrainStorage.Name)
            .PostConfigure<Orleans.Serialization.Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
    }

    private static RedisStoreOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<RedisStoreOptions>>().Value;

    private static TimeProvider Clock(IServiceProvider services) => services.GetRequiredKeyedService<TimeProvider>(SchedulerClock.Key);
}
