using OrleansScheduler.Silo.Gateway;

namespace OrleansScheduler.Silo;

/// <summary>Builds the silo's web application: configuration, services and the gateway's endpoints.</summary>
internal static class SiloApplication
{
    /// <summary>
    /// A silo application built from <paramref name="args"/> (shortcuts such as <c>--redis</c>
    /// allowed), listening on <see cref="SiloConfiguration.DefaultUrl"/> unless told otherwise.
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
        builder.Services.AddSilo(builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        app.MapHealthEndpoints();
        var api = app.MapGroup("/api").AddEndpointFilter(new ApiKeyFilter(app.Configuration[SiloConfiguration.ApiKey]));
        api.MapTaskEndpoints();
        api.MapEventEndpoints();
        api.MapQueueEndpoints();
        api.MapSiloEndpoints();
        api.MapScheduleEndpoints();
        return app;
    }
}
