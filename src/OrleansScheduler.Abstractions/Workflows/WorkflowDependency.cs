namespace OrleansScheduler.Workflows;

/// <summary>An edge of a workflow: the node it belongs to depends on the node <see cref="Key"/> names.</summary>
[GenerateSerializer, Alias("OrleansScheduler.WorkflowDependency")]
public sealed record WorkflowDependency
{
    /// <summary>The key of the node depended on.</summary>
    [Id(0)] public required string Key { get; init; }

    /// <summary>What the dependent does when that node ends Failed or Canceled.</summary>
    [Id(1)] public DependencyFailure OnFailure { get; init; } = DependencyFailure.Cancel;
}
