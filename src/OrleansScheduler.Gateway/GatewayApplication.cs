using OrleansScheduler.Dashboard;
using Orleans.Configuration;
using OrleansScheduler.Http;
using OrleansScheduler.Silo;

namespace OrleansScheduler.Gateway;

/// <summary>
/// Builds the gateway: an Orleans client of the cluster on <c>--redis</c> (the silos' gateway list is in
/// Orleans' membership there), or of one silo on this machine (<c>--gateway-port</c>, localhost clustering),
/// and the scheduler's HTTP API over it.
/// </summary>
internal static class GatewayApplication
{
    /// <summary>Where the API listens when neither <c>--urls</c>, <c>ASPNETCORE_URLS</c> nor <c>HTTP_PORTS</c> says.</summary>
    public const string DefaultUrl = "http://localhost:5090";

    /// <summary>The gateway's configuration keys: the same the silo executable reads.</summary>
    public const string Redis = "Scheduler:Redis", ClusterId = "Orleans:ClusterId", ServiceId = "Orleans:ServiceId", GatewayPort = "Orleans:Endpoints:GatewayPort";

    /// <summary>How often the gateway rereads which silos are alive: one small Redis read, cheap next to calls timing out.</summary>
    public static readonly TimeSpan GatewayListRefreshPeriod = TimeSpan.FromSeconds(2);

    private static readonly Dictionary<string, CommandLineShortcuts.Shortcut> Shortcuts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--redis"] = new(Redis, "--redis 127.0.0.1:6379"),
        ["--cluster-id"] = new(ClusterId, "--cluster-id prod"),
        ["--service-id"] = new(ServiceId, "--service-id scheduler"),
        ["--gateway-port"] = new(GatewayPort, "--gateway-port 30000"),
    };

    /// <summary>A gateway application built from <paramref name="args"/> (shortcuts such as <c>--redis</c> allowed).</summary>
    public static WebApplication Create(IReadOnlyList<string> args)
    {
        var builder = WebApplication.CreateBuilder(CommandLineShortcuts.Normalize(args, Shortcuts));
        if (string.IsNullOrEmpty(builder.Configuration["urls"])
            && string.IsNullOrEmpty(builder.Configuration["http_ports"])
            && string.IsNullOrEmpty(builder.Configuration["https_ports"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
        var configuration = builder.Configuration;
        string clusterId = configuration[ClusterId] is { Length: > 0 } c ? c : "scheduler";
        string serviceId = configuration[ServiceId] is { Length: > 0 } s ? s : "scheduler";
        builder.UseOrleansClient(client =>
        {
            if (RedisConnectionSettings.Read(configuration) is { } redis)
            {
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = clusterId;
                    o.ServiceId = serviceId;
                });
                client.UseRedisClustering(o => o.ConfigurationOptions = redis); // credentials and TLS as the silos
                // A silo that stalls (paused, swapping) keeps its sockets open, so the client learns it is
                // dead only from the gateway list; Orleans reads it once a minute by default, and until then
                // sends part of the API's calls into the stalled silo, where they wait out the response timeout.
                client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = GatewayListRefreshPeriod);
            }
            else
            {
                client.UseLocalhostClustering(configuration.GetValue(GatewayPort, 30000), serviceId, clusterId);
            }
            client.UseSchedulerTls(configuration);
        });
        builder.Services.AddTaskSchedulerApi(configuration);
        builder.Services.AddSchedulerTelemetry(configuration, "osched-gateway");
        builder.Services.AddSingleton<IApiHost, GatewayApiHost>();

        var app = builder.Build();
        app.MapTaskSchedulerApi();
        app.MapSchedulerMetrics();
        app.MapSchedulerDashboard();
        return app;
    }
}
