using OrleansScheduler.Tasks;
using OrleansScheduler.Workflows;

namespace OrleansScheduler.Api;

/// <summary>A workflow's state and its nodes' task records as the contracts show them.</summary>
public static class WorkflowContracts
{
    /// <summary>
    /// The contract of the workflow <paramref name="id"/>: every node as <paramref name="records"/> holds it (a
    /// node missing there, deleted or not yet stored, as the grain last saw it), and the edges.
    /// </summary>
    public static WorkflowInfo ToInfo(string id, WorkflowState state, IReadOnlyDictionary<string, TaskRecord> records)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(records);
        var definition = state.Definition ?? throw new ArgumentException($"Workflow '{id}' has no definition.", nameof(state));
        var nodes = new List<WorkflowNodeInfo>(definition.Nodes.Count);
        var edges = new List<WorkflowEdgeInfo>();
        foreach (var node in definition.Nodes)
        {
            records.TryGetValue(node.Key, out var task);
            nodes.Add(new WorkflowNodeInfo
            {
                Key = node.Key,
                TaskId = WorkflowLimits.NodeId(id, node.Key),
                Queue = node.Task.Queue,
                Type = node.Task.Type,
                Status = task?.Status ?? (state.Nodes.TryGetValue(node.Key, out var seen) ? seen.Status : TaskState.Waiting),
                Attempt = task?.Attempt ?? 0,
                Result = JsonText.ToElement(task?.Result),
                Error = task?.Error,
                StartedAt = task?.StartedAt,
                FinishedAt = task?.FinishedAt,
                DependsOn = [.. node.DependsOn.Select(d => d.Key)],
            });
            edges.AddRange(node.DependsOn.Select(d => new WorkflowEdgeInfo(d.Key, node.Key, d.OnFailure)));
        }
        return new WorkflowInfo
        {
            Id = id,
            Name = definition.Name,
            Status = state.Status,
            Run = state.Run,
            CreatedAt = state.CreatedAt,
            FinishedAt = state.FinishedAt,
            Nodes = nodes,
            Edges = edges,
        };
    }
}
