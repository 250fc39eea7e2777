namespace OrleansScheduler.Workflows;

/// <summary>
/// A workflow grain's persistent state (Orleans grain storage, Orleans' serializer): the definition, the run,
/// and what the grain last saw of each node. Empty (<see cref="Definition"/> null) until the workflow is
/// created and again once it is deleted.
/// </summary>
[GenerateSerializer, Alias("OrleansScheduler.WorkflowState")]
public sealed record WorkflowState
{
    /// <summary>The workflow as it was submitted; null when there is none.</summary>
    [Id(0)] public WorkflowDefinition? Definition { get; set; }

    /// <summary>Its status as a whole.</summary>
    [Id(1)] public WorkflowStatus Status { get; set; }

    /// <summary>Its run: 1, and one more at each retry of its failed nodes.</summary>
    [Id(2)] public int Run { get; set; }

    /// <summary>When it was created.</summary>
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When its current run ended; null while it runs.</summary>
    [Id(4)] public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Whether every node is in the task store (false between the state's first write and the nodes' submission).</summary>
    [Id(5)] public bool Submitted { get; set; }

    /// <summary>Whether its current run was canceled on request.</summary>
    [Id(6)] public bool CancelRequested { get; set; }

    /// <summary>Each node's last seen state, by key.</summary>
    [Id(7)] public Dictionary<string, WorkflowNodeState> Nodes { get; set; } = [];
}
