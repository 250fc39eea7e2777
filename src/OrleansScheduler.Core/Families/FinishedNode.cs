using OrleansScheduler.Tasks;

namespace OrleansScheduler.Families;

/// <summary>A workflow node that reached a terminal state, as a store reports it to its listeners.</summary>
/// <param name="WorkflowId">The node's workflow.</param>
/// <param name="Key">The node's key.</param>
/// <param name="TaskId">The node's task.</param>
/// <param name="Status">The terminal state it reached.</param>
public sealed record FinishedNode(string WorkflowId, string Key, string TaskId, TaskState Status);
