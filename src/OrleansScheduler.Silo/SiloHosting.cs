using Orleans.Configuration;
using Orleans.Storage;
using StackExchange.Redis;

namespace OrleansScheduler.Silo;

/// <summary>
/// The Orleans side of the silo executable: one silo on localhost clustering with the in-memory task store
/// (the default), or, with <c>Scheduler:Redis</c>, a silo of a cluster whose membership, task store, grain
/// storage and reminders are all on that Redis; either way the task scheduler with the built-in handlers.
/// </summary>
internal static class SiloHosting
{
    /// <summary>The grain storage the scheduler's grains keep state in (workflows): in memory by default, on Redis with <c>--redis</c>.</summary>
    public const string GrainStorage = "OrleansScheduler";

    /// <summary>Configures <paramref name="silo"/> from <paramref name="configuration"/>.</summary>
    public static void Configure(ISiloBuilder silo, IConfiguration configuration)
    {
        string clusterId = configuration[SiloConfiguration.ClusterId] is { Length: > 0 } c ? c : SiloConfiguration.DefaultClusterId;
        string serviceId = configuration[SiloConfiguration.ServiceId] is { Length: > 0 } s ? s : SiloConfiguration.DefaultServiceId;
        if (configuration[SiloConfiguration.Redis] is { Length: > 0 } redis)
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = serviceId;
            });
            // Orleans binds Orleans:Endpoints (ports, advertised address) itself.
            silo.UseRedisClustering(redis);
            silo.UseRedisReminderService(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis));
            silo.AddRedisGrainStorage(GrainStorage, o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis));
            // Orleans' own serializer, not Newtonsoft JSON with CLR type names: state survives a type's rename.
            silo.Services.AddOptions<Orleans.Persistence.RedisStorageOptions>(GrainStorage)
                .PostConfigure<Orleans.Serialization.Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
            silo.UseRedisTaskStore(redis, o => configuration.GetSection(SiloConfiguration.RedisStore).Bind(o));
        }
        else
        {
            silo.UseLocalhostClustering(
                configuration.GetValue(SiloConfiguration.SiloPort, SiloConfiguration.DefaultSiloPort),
                configuration.GetValue(SiloConfiguration.GatewayPort, SiloConfiguration.DefaultGatewayPort),
                serviceId: serviceId, clusterId: clusterId);
            silo.AddMemoryGrainStorage(GrainStorage);
        }
        silo.AddTaskScheduler(options => SiloConfiguration.Bind(configuration, options)).AddBuiltInHandlers();
    }
}
