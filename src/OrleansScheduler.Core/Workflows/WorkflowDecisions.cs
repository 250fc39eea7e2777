namespace OrleansScheduler.Workflows;

/// <summary>What the coordinator decided for the Waiting nodes it looked at.</summary>
/// <param name="Release">Nodes whose dependencies let them run: unblock them and wake their queues.</param>
/// <param name="Cancel">Nodes a dependency's failure cancels, with the reason; their own dependents were decided as if they were canceled already.</param>
public sealed record WorkflowDecisions(IReadOnlyList<string> Release, IReadOnlyList<NodeCancel> Cancel)
{
    /// <summary>Nothing to do.</summary>
    public static WorkflowDecisions None { get; } = new([], []);

    /// <summary>Whether there is nothing to do.</summary>
    public bool IsEmpty => Release.Count == 0 && Cancel.Count == 0;
}
