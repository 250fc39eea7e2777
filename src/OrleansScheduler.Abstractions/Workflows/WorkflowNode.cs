using OrleansScheduler.Tasks;

namespace OrleansScheduler.Workflows;

/// <summary>One node of a workflow definition: a task spec under a key, and the nodes it waits for.</summary>
[GenerateSerializer, Alias("OrleansScheduler.WorkflowNode")]
public sealed record WorkflowNode
{
    /// <summary>The node's key, unique in its workflow (<see cref="WorkflowLimits.KeyPattern"/>); its task id is <c>&lt;workflow id&gt;.&lt;key&gt;</c>.</summary>
    [Id(0)] public required string Key { get; init; }

    /// <summary>The task the node runs, checked like any submission; its id, idempotency key and node link are the workflow's to set.</summary>
    [Id(1)] public required TaskSubmission Task { get; init; }

    /// <summary>The nodes it runs after; empty for a node that starts at once.</summary>
    [Id(2)] public IReadOnlyList<WorkflowDependency> DependsOn { get; init; } = [];
}
