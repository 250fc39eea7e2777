using Microsoft.Extensions.Logging;
using OrleansScheduler.Grains;

namespace OrleansScheduler.Server.Alerts;

/// <summary>Keeps the alert grain active, as <see cref="SchedulerKeepAlive"/> keeps the scheduler grain: a new activation evaluates within about a second.</summary>
internal sealed class AlertKeepAlive(IGrainFactory grains, ILogger<AlertKeepAlive> logger) : GrainKeepAlive(logger, "alert")
{
    protected override Task PokeAsync() => grains.GetGrain<IAlertGrain>(0).PokeAsync();
}
