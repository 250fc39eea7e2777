using OrleansScheduler.Tasks;

namespace OrleansScheduler.Workflows;

/// <summary>
/// A valid definition's nodes indexed for the coordinator: each node by key with its position, and the
/// dependents of each node (the edges read backwards), so a finished node's dependents are found without a scan.
/// </summary>
public sealed class WorkflowGraph
{
    private readonly Dictionary<string, WorkflowNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(string Key, DependencyFailure OnFailure)>> _dependents = new(StringComparer.Ordinal);

    /// <summary>Indexes <paramref name="definition"/>, which <see cref="WorkflowValidator"/> has found valid.</summary>
    public WorkflowGraph(string workflowId, WorkflowDefinition definition)
    {
        ArgumentException.ThrowIfNullOrEmpty(workflowId);
        ArgumentNullException.ThrowIfNull(definition);
        WorkflowId = workflowId;
        Definition = definition;
        foreach (var node in definition.Nodes)
        {
            _nodes.Add(node.Key, node);
            _dependents.TryAdd(node.Key, []);
        }
        foreach (var node in definition.Nodes)
        {
            foreach (var dependency in node.DependsOn) _dependents[dependency.Key].Add((node.Key, dependency.OnFailure));
        }
    }

    /// <summary>The workflow's id.</summary>
    public string WorkflowId { get; }

    /// <summary>The definition.</summary>
    public WorkflowDefinition Definition { get; }

    /// <summary>The nodes in the order they were given.</summary>
    public IReadOnlyList<WorkflowNode> Nodes => Definition.Nodes;

    /// <summary>The node <paramref name="key"/> names.</summary>
    public WorkflowNode this[string key] => _nodes[key];

    /// <summary>Whether the workflow has a node of that key.</summary>
    public bool Contains(string key) => _nodes.ContainsKey(key);

    /// <summary>The keys of the nodes that depend on <paramref name="key"/>.</summary>
    public IEnumerable<string> DependentsOf(string key) => _dependents.TryGetValue(key, out var dependents) ? dependents.Select(d => d.Key) : [];

    /// <summary>The task id of the node <paramref name="key"/>.</summary>
    public string TaskIdOf(string key) => WorkflowLimits.NodeId(WorkflowId, key);

    /// <summary>
    /// The nodes as task submissions: ids <c>&lt;workflow id&gt;.&lt;key&gt;</c>, each linked to the workflow with
    /// its dependencies' task ids, so the store holds those with dependencies Waiting.
    /// </summary>
    public IReadOnlyList<TaskSubmission> Submissions() =>
        [.. Nodes.Select(node => node.Task with
        {
            Id = TaskIdOf(node.Key),
            Node = new WorkflowNodeLink
            {
                WorkflowId = WorkflowId,
                Key = node.Key,
                Dependencies = node.DependsOn.ToDictionary(d => d.Key, d => TaskIdOf(d.Key), StringComparer.Ordinal),
            },
        })];
}
