namespace OrleansScheduler.Workflows;

/// <summary>Where a workflow is as a whole.</summary>
public enum WorkflowStatus
{
    /// <summary>Some node has not reached a terminal state.</summary>
    Running,

    /// <summary>Every node Succeeded.</summary>
    Succeeded,

    /// <summary>Every node is terminal and one of them Failed.</summary>
    Failed,

    /// <summary>Every node is terminal, none Failed, and the workflow was canceled (on request, or a node was).</summary>
    Canceled,
}
