namespace OrleansScheduler.Workflows;

/// <summary>An operation is not allowed in the workflow's current status.</summary>
[GenerateSerializer, Alias("OrleansScheduler.WorkflowStateConflictException")]
public sealed class WorkflowStateConflictException(string workflowId, string operation, IReadOnlyList<WorkflowStatus> expected, WorkflowStatus actual)
    : Exception($"Cannot {operation} workflow '{workflowId}': it is {actual}, expected {string.Join(" or ", expected)}.")
{
    /// <summary>The workflow id.</summary>
    [Id(0)] public string WorkflowId { get; } = workflowId;
    /// <summary>The operation refused, e.g. "cancel".</summary>
    [Id(1)] public string Operation { get; } = operation;
    /// <summary>The statuses the operation needs.</summary>
    [Id(2)] public IReadOnlyList<WorkflowStatus> Expected { get; } = expected;
    /// <summary>The status the workflow is in.</summary>
    [Id(3)] public WorkflowStatus Actual { get; } = actual;
}
