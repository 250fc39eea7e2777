using OrleansScheduler.Workflows;

namespace OrleansScheduler.Api;

/// <summary>One entry of a node's <c>dependsOn</c>: the node it waits for, and what it does should that node fail.</summary>
[GenerateSerializer, Alias("OrleansScheduler.WorkflowDependencyInfo")]
public sealed record WorkflowDependencyInfo
{
    /// <summary>The key of the node depended on.</summary>
    [Id(0)] public required string Key { get; init; }

    /// <summary><c>cancel</c> (the gateway's default when null) or <c>continue</c>.</summary>
    [Id(1)] public DependencyFailure? OnFailure { get; init; }
}
