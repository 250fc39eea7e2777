using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using OrleansScheduler.Telemetry;

namespace OrleansScheduler.Http;

/// <summary>
/// OpenTelemetry for an app that serves the API (a silo or a gateway; docs/telemetry.md):
/// <c>services.AddSchedulerTelemetry(configuration, "osched-silo")</c>, then <c>app.MapSchedulerMetrics()</c>. The
/// scheduler's meter and ASP.NET Core's request metrics are scraped at <see cref="MetricsPath"/> in Prometheus' text
/// format; with an OTLP endpoint (<see cref="OtlpEndpointKey"/>, or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>)
/// metrics and traces (the attempts' activities and the HTTP requests') are exported there too.
/// </summary>
public static class SchedulerTelemetryApi
{
    /// <summary>Where Prometheus scrapes: outside <c>/api</c>, so the API key does not guard it.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>The OTLP endpoint setting (e.g. <c>http://collector:4317</c>); empty: <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> decides.</summary>
    public const string OtlpEndpointKey = "Scheduler:Telemetry:OtlpEndpoint";

    /// <summary>The standard variable the OTLP exporter reads when <see cref="OtlpEndpointKey"/> is not set.</summary>
    public const string StandardOtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Adds OpenTelemetry with <paramref name="serviceName"/> as the resource's service: metrics of the
    /// scheduler's meter and ASP.NET Core's, read by the Prometheus endpoint; when an OTLP endpoint is configured,
    /// an OTLP exporter of those metrics and of traces (the scheduler's activity source and ASP.NET Core's).
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="OtlpEndpointKey"/> is not an absolute URI.</exception>
    public static IServiceCollection AddSchedulerTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var otlp = OtlpEndpoint(configuration);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(SchedulerMetrics.MeterName, "Microsoft.AspNetCore.Hosting").AddPrometheusExporter();
                if (otlp is not null) metrics.AddOtlpExporter(o => o.Endpoint = otlp);
            });
        // Without an exporter nobody would read the spans: leave tracing off and the attempts' activities unsampled.
        if (otlp is not null)
            telemetry.WithTracing(tracing => tracing.AddSource(SchedulerTracing.SourceName, "Microsoft.AspNetCore").AddOtlpExporter(o => o.Endpoint = otlp));
        return services;
    }

    /// <summary>Maps the Prometheus scrape endpoint at <see cref="MetricsPath"/>.</summary>
    public static WebApplication MapSchedulerMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }

    private static Uri? OtlpEndpoint(IConfiguration configuration)
    {
        string? endpoint = configuration[OtlpEndpointKey] is { Length: > 0 } ours ? ours : configuration[StandardOtlpEndpointKey];
        if (string.IsNullOrEmpty(endpoint)) return null;
        return Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException($"{OtlpEndpointKey} (or {StandardOtlpEndpointKey}) must be an absolute URI such as http://collector:4317; got '{endpoint}'.");
    }
}
