namespace OrleansScheduler.Tasks;

/// <summary>
/// Marks a task as one node of a workflow (a DAG of dependent tasks, DESIGN.md §8). Set by the
/// workflow's grain when it submits the node, never by a client. A node with
/// <see cref="Dependencies"/> is stored Waiting and runs only once its workflow releases it.
/// </summary>
[GenerateSerializer, Alias("OrleansScheduler.WorkflowNodeLink")]
public sealed record WorkflowNodeLink
{
    /// <summary>The workflow's id.</summary>
    [Id(0)] public required string WorkflowId { get; init; }

    /// <summary>The node's key, unique within its workflow, e.g. <c>"fetch"</c>.</summary>
    [Id(1)] public required string Key { get; init; }

    /// <summary>The node's dependencies: their keys mapped to their task ids. Empty for a node that starts at once.</summary>
    [Id(2)] public IReadOnlyDictionary<string, string> Dependencies { get; init; } = new Dictionary<string, string>();
}
