using Microsoft.Extensions.Logging;
using OrleansScheduler.Families;
using OrleansScheduler.Grains;
using OrleansScheduler.Workers;

namespace OrleansScheduler.Server;

/// <summary>
/// What the task store tells the silo beyond its replies, as grain messages: finished workflow nodes go one-way
/// to their workflow's grain (which reads them again from the store), released work wakes its queue. A lost
/// message is a delay, never a loss: the workflow grain reconciles on activation and on its timer.
/// </summary>
internal sealed partial class StoreNotices(IGrainFactory grains, IWorkNotifier notifier, ILogger<StoreNotices> logger) : ITaskStoreListener
{
    public void WorkReady(string queue) => notifier.WorkReady(queue);

    public void NodesFinished(IReadOnlyList<FinishedNode> nodes)
    {
        foreach (var workflow in nodes.GroupBy(n => n.WorkflowId, StringComparer.Ordinal))
        {
            try
            {
                _ = grains.GetGrain<IWorkflowGrain>(workflow.Key).NodesFinishedAsync([.. workflow.Select(n => n.Key)]);
            }
            catch (Exception e)
            {
                // A listener must not throw into the store's transition; the grain's reconcile finds the node.
                LogNoticeFailed(logger, e, workflow.Key);
            }
        }
    }

    [LoggerMessage(140, LogLevel.Warning, "Telling workflow {WorkflowId} that nodes finished failed; its reconcile will find them")]
    private static partial void LogNoticeFailed(ILogger logger, Exception exception, string workflowId);
}
