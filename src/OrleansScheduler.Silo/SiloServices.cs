using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using OrleansScheduler.Hosting;
using OrleansScheduler.Silo.Gateway;

namespace OrleansScheduler.Silo;

/// <summary>What the silo executable registers: the scheduler (store, workers, built-in handlers) and the gateway's plumbing.</summary>
internal static class SiloServices
{
    /// <summary>The longest timeout a CancellationTokenSource takes (about 24.8 days).</summary>
    private static readonly TimeSpan MaxShutdownTimeout = TimeSpan.FromMilliseconds(int.MaxValue - 1);

    /// <summary>Adds the silo's services, configured from <paramref name="configuration"/>.</summary>
    public static IServiceCollection AddSilo(this IServiceCollection services, IConfiguration configuration)
    {
        // Options bind lazily, when first resolved, so settings a test host adds late still apply.
        var scheduler = services.AddScheduler(options => SiloConfiguration.Bind(configuration, options))
                                .AddBuiltInHandlers();
        if (configuration[SiloConfiguration.Redis] is { Length: > 0 } redis)
            scheduler.UseRedis(redis, options => configuration.GetSection(SiloConfiguration.RedisStore).Bind(options));

        // A graceful stop (SIGTERM) drains for up to DrainTimeout, then hands back what is left and
        // leaves the membership table; the host must not cut that short.
        services.AddOptions<HostOptions>().Configure<IOptions<SchedulerOptions>>((host, silo) =>
        {
            var drain = silo.Value.DrainTimeout;
            var needed = drain < MaxShutdownTimeout - SiloConfiguration.ShutdownMargin ? drain + SiloConfiguration.ShutdownMargin : MaxShutdownTimeout;
            if (host.ShutdownTimeout != Timeout.InfiniteTimeSpan && host.ShutdownTimeout < needed) host.ShutdownTimeout = needed;
        });

        services.AddOptions<EventStreamOptions>().BindConfiguration(EventStreamOptions.Section)
                .Validate(o => o.Problem() is null, "Scheduler:Events: PollInterval and KeepAliveInterval must be positive.").ValidateOnStart();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.DescribeRoutingProblem);
        services.AddExceptionHandler<LastResortExceptionHandler>();
        services.AddOpenApi(o => o.AddSchemaTransformer(OpenApiSchemas.IntegersAreNumbersOnly));
        return services;
    }
}
