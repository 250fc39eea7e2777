using OrleansScheduler.Tasks;

namespace OrleansScheduler.Workflows;

/// <summary>What a workflow's grain last saw of one node in the task store (the store holds the truth; the grain reconciles).</summary>
[GenerateSerializer, Alias("OrleansScheduler.WorkflowNodeState")]
public sealed record WorkflowNodeState
{
    /// <summary>The node task's state when last read.</summary>
    [Id(0)] public TaskState Status { get; set; }

    /// <summary>
    /// The node was retried in this run: the store tells a node's finish only once, so the grain looks for
    /// itself until it is terminal again.
    /// </summary>
    [Id(1)] public bool Retried { get; set; }
}
