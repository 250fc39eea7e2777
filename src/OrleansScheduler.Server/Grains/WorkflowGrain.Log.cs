using Microsoft.Extensions.Logging;
using OrleansScheduler.Workflows;

namespace OrleansScheduler.Server.Grains;

internal sealed partial class WorkflowGrain
{
    [LoggerMessage(150, LogLevel.Information, "Workflow {WorkflowId} was created with {NodeCount} nodes")]
    private static partial void LogCreated(ILogger logger, string workflowId, int nodeCount);

    [LoggerMessage(151, LogLevel.Information, "Workflow {WorkflowId} reconciled its nodes against the store on activation; it is {Status}")]
    private static partial void LogReconciled(ILogger logger, string workflowId, WorkflowStatus status);

    [LoggerMessage(152, LogLevel.Warning, "Workflow {WorkflowId} could not reconcile its nodes against the store; its timer tries again")]
    private static partial void LogReconcileFailed(ILogger logger, Exception exception, string workflowId);

    [LoggerMessage(153, LogLevel.Information, "Workflow {WorkflowId} ended {Status} (run {Run})")]
    private static partial void LogFinished(ILogger logger, string workflowId, WorkflowStatus status, int run);

    [LoggerMessage(154, LogLevel.Information, "Workflow {WorkflowId} was canceled on request")]
    private static partial void LogCanceled(ILogger logger, string workflowId);

    [LoggerMessage(155, LogLevel.Information, "Workflow {WorkflowId} starts run {Run}: {NodeCount} failed or canceled nodes run again")]
    private static partial void LogRetried(ILogger logger, string workflowId, int run, int nodeCount);

    [LoggerMessage(156, LogLevel.Information, "Workflow {WorkflowId} was deleted with its {NodeCount} nodes")]
    private static partial void LogDeleted(ILogger logger, string workflowId, int nodeCount);
}
