using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansScheduler.Hosting;
using OrleansScheduler.Storage;
using StackExchange.Redis;

namespace OrleansScheduler.Bench;

/// <summary>
/// One silo in this process, hosted the way an application would (<c>AddScheduler().UseRedis(…)</c>
/// with the built-in handlers), serving one queue under its own key prefix. Logging is off so the
/// console does not slow the run down.
/// </summary>
public sealed class InProcessSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private InProcessSilo(IHost host) => _host = host;

    /// <summary>The silo's store (the submitter can share it, or use its own).</summary>
    public ITaskStore Store => _host.Services.GetRequiredService<ITaskStore>();

    /// <summary>The silo's Redis connection, whose operation count tells its round trips.</summary>
    public IConnectionMultiplexer Connection => _host.Services.GetRequiredService<IConnectionMultiplexer>();

    /// <summary>Starts a silo of <paramref name="capacity"/> slots serving <paramref name="queue"/>.</summary>
    /// <param name="redis">The Redis configuration string.</param>
    /// <param name="keyPrefix">The store's key prefix.</param>
    /// <param name="queue">The one queue it serves.</param>
    /// <param name="capacity">Its slots.</param>
    /// <param name="configure">Extra registrations, e.g. a probe handler.</param>
    public static async Task<InProcessSilo> StartAsync(string redis, string keyPrefix, string queue, int capacity,
        Action<SchedulerBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        var scheduler = builder.Services
            .AddScheduler(options =>
            {
                options.SiloId = "bench-" + keyPrefix;
                options.Queues = [queue];
                options.Capacity = capacity;
                options.DrainTimeout = TimeSpan.FromSeconds(1);
            })
            .UseRedis(redis, options => options.KeyPrefix = keyPrefix)
            .AddBuiltInHandlers();
        configure?.Invoke(scheduler);
        var host = builder.Build();
        await host.StartAsync();
        return new InProcessSilo(host);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
