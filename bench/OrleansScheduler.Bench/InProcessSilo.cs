using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansScheduler.Grains;
using OrleansScheduler.Storage;
using OrleansScheduler.Testing;
using StackExchange.Redis;

namespace OrleansScheduler.Bench;

/// <summary>
/// One Orleans silo in this process, hosted the way an application would (<c>UseOrleans(silo =>
/// silo.AddTaskScheduler(…).UseRedisTaskStore(…).AddBuiltInHandlers())</c>), serving one queue with its
/// tasks under its own key prefix. Logging is off so the console does not slow the run down.
/// </summary>
/// <remarks>
/// Localhost clustering, on free silo and gateway ports and a cluster id of its own: every scenario that
/// hosts it is one silo, and the clients that join it (the latency scenario's Orleans client, the HTTP
/// gateway of the submit scenario) connect to its gateway port, so they are one cluster with it. Redis
/// clustering would add Orleans' membership commands to the Redis figures the scenarios measure.
/// </remarks>
public sealed class InProcessSilo : IAsyncDisposable
{
    /// <summary>The Orleans service id of every silo the harness hosts (the cluster id tells them apart).</summary>
    public const string ServiceId = "bench";

    private readonly IHost _host;

    private InProcessSilo(IHost host, string clusterId, int gatewayPort)
    {
        _host = host;
        ClusterId = clusterId;
        GatewayPort = gatewayPort;
    }

    /// <summary>The silo's Orleans cluster id.</summary>
    public string ClusterId { get; }

    /// <summary>The port Orleans clients connect to the silo on (127.0.0.1).</summary>
    public int GatewayPort { get; }

    /// <summary>The silo's task store: the harness reads queue counts and sets limits through it.</summary>
    public ITaskStore Store => _host.Services.GetRequiredService<ITaskStore>();

    /// <summary>
    /// The task store's Redis connection (<c>UseRedisTaskStore</c> registers it unkeyed; the store, its
    /// server clock and the schedule store share it), whose operation count tells the silo's round trips.
    /// </summary>
    public IConnectionMultiplexer Connection => _host.Services.GetRequiredService<IConnectionMultiplexer>();

    /// <summary>The silo's own grain factory: calls through it stay in this process (no gateway, no serialization over a socket).</summary>
    public IGrainFactory GrainFactory => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Where submissions go, called as the co-hosted HTTP API calls it: the silo's grains, from outside a grain.</summary>
    public ISubmitterGrain Submitter => _host.Services.GetRequiredService<IGrainFactory>().GetGrain<ISubmitterGrain>(0);

    /// <summary>Starts a silo of <paramref name="capacity"/> slots serving <paramref name="queue"/>.</summary>
    /// <param name="redis">The Redis configuration string.</param>
    /// <param name="keyPrefix">The store's key prefix; also the silo's cluster id.</param>
    /// <param name="queue">The one queue it serves.</param>
    /// <param name="capacity">Its slots.</param>
    /// <param name="configure">More for the silo, e.g. a probe handler (<c>AddHandler</c>) or options (<c>AddTaskScheduler(o => …)</c> again).</param>
    public static Task<InProcessSilo> StartAsync(string redis, string keyPrefix, string queue, int capacity,
        Action<ISiloBuilder>? configure = null) =>
        StartAsync(redis, keyPrefix, [queue], capacity, configure);

    /// <summary>Starts a silo of <paramref name="capacity"/> slots serving every one of <paramref name="queues"/> (equal weights).</summary>
    /// <param name="redis">The Redis configuration string: one server, or several endpoints of a Redis Cluster.</param>
    /// <param name="keyPrefix">The store's key prefix; also the silo's cluster id.</param>
    /// <param name="queues">The queues it serves.</param>
    /// <param name="capacity">Its slots.</param>
    /// <param name="configure">More for the silo.</param>
    public static async Task<InProcessSilo> StartAsync(string redis, string keyPrefix, IReadOnlyList<string> queues, int capacity,
        Action<ISiloBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        int[] ports = FreePort.Take(2);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(ports[0], ports[1], serviceId: ServiceId, clusterId: keyPrefix)
                .AddTaskScheduler(options =>
                {
                    options.Queues = [.. queues];
                    options.Capacity = capacity;
                    options.DrainTimeout = TimeSpan.FromSeconds(1);
                })
                .UseRedisTaskStore(redis, options => options.KeyPrefix = keyPrefix)
                .AddBuiltInHandlers();
            configure?.Invoke(silo);
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return new InProcessSilo(host, keyPrefix, ports[1]);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
