namespace OrleansScheduler.Workflows;

/// <summary>A workflow with the id exists already; nothing was stored.</summary>
[GenerateSerializer, Alias("OrleansScheduler.WorkflowAlreadyExistsException")]
public sealed class WorkflowAlreadyExistsException(string workflowId) : Exception($"A workflow with id '{workflowId}' exists already.")
{
    /// <summary>The id that is taken.</summary>
    [Id(0)] public string WorkflowId { get; } = workflowId;
}
