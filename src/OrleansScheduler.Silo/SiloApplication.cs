using OrleansScheduler.Dashboard;
using OrleansScheduler.Http;

namespace OrleansScheduler.Silo;

/// <summary>Builds the silo's web application: an Orleans silo with the task scheduler, and the HTTP API co-hosted.</summary>
internal static class SiloApplication
{
    /// <summary>
    /// A silo application built from <paramref name="args"/> (shortcuts such as <c>--redis</c>
    /// allowed), its API on <see cref="SiloConfiguration.DefaultUrl"/> unless told otherwise.
    /// <paramref name="configure"/> runs before the services are built (the demo quiets logging there).
    /// </summary>
    public static WebApplication Create(IReadOnlyList<string> args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(SiloArguments.Normalize(args));
        if (string.IsNullOrEmpty(builder.Configuration["urls"])
            && string.IsNullOrEmpty(builder.Configuration["http_ports"])
            && string.IsNullOrEmpty(builder.Configuration["https_ports"]))
        {
            builder.WebHost.UseUrls(SiloConfiguration.DefaultUrl);
        }
        // Options bind lazily, when first resolved, so settings a test host adds late still apply.
        var configuration = builder.Configuration;
        builder.UseOrleans(silo => SiloHosting.Configure(silo, configuration));
        builder.Services.AddTaskSchedulerApi(configuration);
        builder.Services.AddSchedulerTelemetry(configuration, "osched-silo");
        builder.Services.AddSingleton<IApiHost, SiloApiHost>();
        builder.Services.AddSiloStoreHealth(configuration);
        builder.Services.AddSingleton<ILocalTaskReader, StoreTaskReader>();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapTaskSchedulerApi();
        app.MapSchedulerMetrics();
        app.MapSchedulerDashboard();
        return app;
    }
}
