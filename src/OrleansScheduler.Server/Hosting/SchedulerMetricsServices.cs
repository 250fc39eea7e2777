using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansScheduler.Hosting;
using OrleansScheduler.Server;
using OrleansScheduler.Telemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The silo's instruments (docs/telemetry.md): <see cref="SchedulerMetrics"/> as this silo, on the host's meter
/// factory (added when the host has none), and the queue gauges the scheduler grain fills on its silo only.
/// Exporting them (Prometheus, OTLP) is the host's choice.
/// </summary>
internal static class SchedulerMetricsServices
{
    public static void AddSchedulerMetrics(IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton(sp => new QueueGauges(sp.GetRequiredKeyedService<TimeProvider>(SchedulerClock.Key)));
        services.TryAddSingleton(sp => new SchedulerMetrics(sp.GetRequiredService<IMeterFactory>(), sp.GetRequiredService<LocalSilo>().Id,
            sp.GetRequiredService<QueueGauges>()));
    }
}
