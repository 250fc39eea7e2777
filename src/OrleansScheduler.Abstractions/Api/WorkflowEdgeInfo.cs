using OrleansScheduler.Workflows;

namespace OrleansScheduler.Api;

/// <summary>An edge of a workflow: <see cref="To"/> runs after <see cref="From"/>.</summary>
/// <param name="From">The key of the dependency.</param>
/// <param name="To">The key of the dependent.</param>
/// <param name="OnFailure">What the dependent does should the dependency end Failed or Canceled.</param>
[GenerateSerializer, Alias("OrleansScheduler.WorkflowEdgeInfo")]
public sealed record WorkflowEdgeInfo([property: Id(0)] string From, [property: Id(1)] string To, [property: Id(2)] DependencyFailure OnFailure);
