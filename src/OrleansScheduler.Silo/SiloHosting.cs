using Orleans.Configuration;

namespace OrleansScheduler.Silo;

/// <summary>
/// The Orleans side of the silo executable: one silo on localhost clustering with the in-memory task store
/// (the default), or, with <c>Scheduler:Redis</c>, a silo of a cluster whose membership, task store, grain
/// storage and reminders are all on that Redis; either way the task scheduler with the built-in handlers.
/// </summary>
internal static class SiloHosting
{

    /// <summary>Configures <paramref name="silo"/> from <paramref name="configuration"/>.</summary>
    public static void Configure(ISiloBuilder silo, IConfiguration configuration)
    {
        string clusterId = configuration[SiloConfiguration.ClusterId] is { Length: > 0 } c ? c : SiloConfiguration.DefaultClusterId;
        string serviceId = configuration[SiloConfiguration.ServiceId] is { Length: > 0 } s ? s : SiloConfiguration.DefaultServiceId;
        if (RedisConnectionSettings.Read(configuration) is { } redis)
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = serviceId;
            });
            // Orleans binds Orleans:Endpoints (ports, advertised address) itself.
            // One connection configuration (credentials, TLS) for everything that connects to Redis.
            silo.UseRedisClustering(o => o.ConfigurationOptions = redis.Clone());
            silo.UseRedisReminderService(o => o.ConfigurationOptions = redis.Clone());
            // Tasks, and the scheduler's grain storage (workflows, Orleans' serializer), on the same Redis.
            silo.UseRedisTaskStore(redis, o => configuration.GetSection(SiloConfiguration.RedisStore).Bind(o));
        }
        else
        {
            silo.UseLocalhostClustering(
                configuration.GetValue(SiloConfiguration.SiloPort, SiloConfiguration.DefaultSiloPort),
                configuration.GetValue(SiloConfiguration.GatewayPort, SiloConfiguration.DefaultGatewayPort),
                serviceId: serviceId, clusterId: clusterId);
        }
        // Orleans' own connections (silo to silo, clients to this silo's gateway): mutual TLS when Scheduler:Tls says so.
        silo.UseSchedulerTls(configuration);
        silo.AddTaskScheduler(options => SiloConfiguration.Bind(configuration, options)).AddBuiltInHandlers()
            .AddTaskTargetGrain<Demo.OrderGrain>(Demo.OrderGrain.Name);
    }
}
