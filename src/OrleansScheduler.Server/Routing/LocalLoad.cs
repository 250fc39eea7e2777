using Microsoft.Extensions.Options;
using OrleansScheduler.Api;
using OrleansScheduler.Hosting;
using OrleansScheduler.Workers;

namespace OrleansScheduler.Server.Routing;

/// <summary>This silo's worker load as it tells others (its worker grain's answer and its pushed reports).</summary>
internal sealed class LocalLoad(SiloWorker worker, LocalSilo local, IOptions<SchedulerOptions> options)
{
    private static readonly string Version = typeof(LocalLoad).Assembly.GetName().Version?.ToString() ?? "";

    /// <summary>The load now.</summary>
    public WorkerLoad Read()
    {
        var o = options.Value;
        return new WorkerLoad(local.Id, local.Name, worker.RunningCount, o.RunWorkers ? o.Capacity : 0, o.RunWorkers ? o.Queues : [],
            o.Labels, worker.IsClaiming, local.IsDraining, Version)
        { UsedSlots = worker.UsedSlots };
    }
}
