using OrleansScheduler.Grains;
using OrleansScheduler.Storage;

namespace OrleansScheduler.Server;

/// <summary>
/// The backstop for a finished node whose notice was lost with the silo its workflow's grain ran on: it pokes
/// the workflow of every Waiting node, and a grain activated by the poke reconciles its nodes against the store.
/// The scheduler grain runs it every <see cref="Hosting.SchedulerOptions.BackstopInterval"/>; a poke to a grain
/// that is active costs one message.
/// </summary>
internal sealed class WorkflowBackstop(ITaskStore store, IGrainFactory grains)
{
    /// <summary>Pokes the workflows that have Waiting nodes; returns how many.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var workflows = new HashSet<string>(StringComparer.Ordinal);
        foreach (string queue in await store.ListQueuesAsync(cancellationToken))
        {
            foreach (string workflow in await store.ListWaitingWorkflowsAsync(queue, cancellationToken))
            {
                if (workflows.Add(workflow)) _ = grains.GetGrain<IWorkflowGrain>(workflow).PokeAsync();
            }
        }
        return workflows.Count;
    }
}
