namespace OrleansScheduler.Workflows;

/// <summary>A DAG of tasks (DESIGN.md §8): a node runs once every node it depends on has Succeeded.</summary>
[GenerateSerializer, Alias("OrleansScheduler.WorkflowDefinition")]
public sealed record WorkflowDefinition
{
    /// <summary>A name for people (<see cref="WorkflowLimits.MaxNameLength"/> characters at most); not unique.</summary>
    [Id(0)] public required string Name { get; init; }

    /// <summary>The nodes, 1 to <see cref="WorkflowLimits.MaxNodes"/>, in the order they were given.</summary>
    [Id(1)] public required IReadOnlyList<WorkflowNode> Nodes { get; init; }
}
