using OrleansScheduler.Grains;
using OrleansScheduler.Workers;

namespace OrleansScheduler.Server;

/// <summary>Delivers "work may be ready" as a one-way message to the queue's grain, which wakes the workers.</summary>
internal sealed class GrainWorkNotifier(IGrainFactory grains) : IWorkNotifier
{
    public void WorkReady(string queue) => _ = grains.GetGrain<IQueueGrain>(queue).WakeWorkersAsync();
}
