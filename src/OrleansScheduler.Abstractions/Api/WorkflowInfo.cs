using OrleansScheduler.Workflows;

namespace OrleansScheduler.Api;

/// <summary>A workflow as the gateway shows it: its status, every node with its state, and the edges.</summary>
[GenerateSerializer, Alias("OrleansScheduler.WorkflowInfo")]
public sealed record WorkflowInfo
{
    /// <summary>The workflow's id.</summary>
    [Id(0)] public required string Id { get; init; }
    /// <summary>Its name.</summary>
    [Id(1)] public required string Name { get; init; }
    /// <summary>Its status as a whole.</summary>
    [Id(2)] public WorkflowStatus Status { get; init; }
    /// <summary>Its run: 1, and one more at each retry.</summary>
    [Id(3)] public int Run { get; init; }
    /// <summary>When it was created.</summary>
    [Id(4)] public DateTimeOffset CreatedAt { get; init; }
    /// <summary>When its current run ended; null while it runs.</summary>
    [Id(5)] public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>Its nodes in the order they were given.</summary>
    [Id(6)] public IReadOnlyList<WorkflowNodeInfo> Nodes { get; init; } = [];
    /// <summary>Its edges, dependency to dependent.</summary>
    [Id(7)] public IReadOnlyList<WorkflowEdgeInfo> Edges { get; init; } = [];
}
