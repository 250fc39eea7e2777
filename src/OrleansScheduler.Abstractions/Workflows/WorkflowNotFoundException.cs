namespace OrleansScheduler.Workflows;

/// <summary>No workflow has the id.</summary>
[GenerateSerializer, Alias("OrleansScheduler.WorkflowNotFoundException")]
public sealed class WorkflowNotFoundException(string workflowId) : Exception($"There is no workflow with id '{workflowId}'.")
{
    /// <summary>The id asked for.</summary>
    [Id(0)] public string WorkflowId { get; } = workflowId;
}
