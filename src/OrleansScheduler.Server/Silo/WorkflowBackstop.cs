using OrleansScheduler.Grains;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

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
            string? cursor = null;
            do
            {
                var page = await store.ListAsync(new TaskQuery { Queue = queue, Status = TaskState.Waiting, Limit = TaskQuery.MaxLimit, Cursor = cursor }, cancellationToken);
                foreach (var task in page.Tasks)
                {
                    if (task.Node is { } node && workflows.Add(node.WorkflowId)) _ = grains.GetGrain<IWorkflowGrain>(node.WorkflowId).PokeAsync();
                }
                cursor = page.NextCursor;
            }
            while (cursor is not null);
        }
        return workflows.Count;
    }
}
