using Microsoft.Extensions.Logging;
using OrleansScheduler.Families;
using OrleansScheduler.Grains;
using OrleansScheduler.Workers;

namespace OrleansScheduler.Server;

/// <summary>
/// What the task store tells the silo beyond its replies, as grain messages: finished workflow nodes go one-way
/// to their workflow's grain (which reads them again from the store), released work wakes its queue, and running
/// children canceled with their parent are canceled on the silos running them, so their handlers' tokens fire. A lost
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

    public void AttemptsCanceled(IReadOnlyList<CanceledAttempt> attempts)
    {
        foreach (var attempt in attempts)
        {
            try
            {
                _ = grains.GetGrain<IWorkerGrain>(attempt.Silo).CancelAttemptAsync(attempt.TaskId);
            }
            catch (Exception e)
            {
                // The silo's own check of its attempts fires the token within AttemptCheckInterval.
                LogCancelNoticeFailed(logger, e, attempt.TaskId, attempt.Silo);
            }
        }
    }

    [LoggerMessage(141, LogLevel.Warning, "Telling silo {SiloId} that the attempt of task {TaskId} was canceled with its parent failed; its own check will find it")]
    private static partial void LogCancelNoticeFailed(ILogger logger, Exception exception, string taskId, string siloId);

    [LoggerMessage(140, LogLevel.Warning, "Telling workflow {WorkflowId} that nodes finished failed; its reconcile will find them")]
    private static partial void LogNoticeFailed(ILogger logger, Exception exception, string workflowId);
}
