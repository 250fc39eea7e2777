using Microsoft.Extensions.Logging;
using OrleansScheduler.Grains;

namespace OrleansScheduler.Server;

/// <summary>Keeps the scheduler grain active: a dead silo's activation is replaced within about a second.</summary>
internal sealed class SchedulerKeepAlive(IGrainFactory grains, ILogger<SchedulerKeepAlive> logger) : GrainKeepAlive(logger, "scheduler")
{
    protected override Task PokeAsync() => grains.GetGrain<ISchedulerGrain>(0).PokeAsync();
}
