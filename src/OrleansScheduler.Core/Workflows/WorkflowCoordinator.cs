using OrleansScheduler.Tasks;

namespace OrleansScheduler.Workflows;

/// <summary>
/// The rules of a workflow run, without I/O (the grain reads the states from the store and carries the
/// decisions out): a Waiting node is released once every dependency Succeeded (or, on an edge that says
/// <see cref="DependencyFailure.Continue"/>, is terminal in any way), and canceled as soon as a dependency on an
/// edge that says <see cref="DependencyFailure.Cancel"/> ends Failed or Canceled; the workflow is Running until
/// every node is terminal.
/// </summary>
public sealed class WorkflowCoordinator(WorkflowGraph graph)
{
    /// <summary>The graph it decides for.</summary>
    public WorkflowGraph Graph { get; } = graph ?? throw new ArgumentNullException(nameof(graph));

    /// <summary>
    /// Decides for the Waiting dependents of <paramref name="changed"/> (every Waiting node when null). A node it
    /// cancels counts as Canceled for the nodes after it at once, so a failure cancels the whole branch in one
    /// decision rather than one level per store notice.
    /// </summary>
    /// <param name="statusOf">Each node's state as last read from the store.</param>
    /// <param name="changed">Nodes that reached a terminal state since the last decision.</param>
    public WorkflowDecisions Decide(Func<string, TaskState> statusOf, IEnumerable<string>? changed = null)
    {
        ArgumentNullException.ThrowIfNull(statusOf);
        var canceled = new HashSet<string>(StringComparer.Ordinal);
        var released = new HashSet<string>(StringComparer.Ordinal);
        var cancels = new List<NodeCancel>();
        TaskState StatusOf(string key) => canceled.Contains(key) ? TaskState.Canceled : statusOf(key);

        var work = new Queue<string>(changed is null ? Graph.Nodes.Select(n => n.Key) : changed.SelectMany(Graph.DependentsOf));
        while (work.TryDequeue(out var key))
        {
            if (canceled.Contains(key) || released.Contains(key) || statusOf(key) != TaskState.Waiting) continue;
            var (ready, reason) = Judge(Graph[key], StatusOf);
            if (reason is not null)
            {
                canceled.Add(key);
                cancels.Add(new NodeCancel(key, reason));
                foreach (string dependent in Graph.DependentsOf(key)) work.Enqueue(dependent);
            }
            else if (ready)
            {
                released.Add(key);
            }
        }
        if (released.Count == 0 && cancels.Count == 0) return WorkflowDecisions.None;
        // Definition order, so what a run does reads the same each time.
        return new WorkflowDecisions([.. Graph.Nodes.Select(n => n.Key).Where(released.Contains)], cancels);
    }

    /// <summary>
    /// The workflow's status: Running while a node is not terminal; then Succeeded when all succeeded, Canceled
    /// when the run was canceled on request, Failed when a node failed, else Canceled (a node was canceled).
    /// </summary>
    public WorkflowStatus StatusOf(Func<string, TaskState> statusOf, bool cancelRequested)
    {
        ArgumentNullException.ThrowIfNull(statusOf);
        bool allSucceeded = true, anyFailed = false;
        foreach (var node in Graph.Nodes)
        {
            var status = statusOf(node.Key);
            if (!status.IsTerminal()) return WorkflowStatus.Running;
            allSucceeded &= status == TaskState.Succeeded;
            anyFailed |= status == TaskState.Failed;
        }
        if (allSucceeded) return WorkflowStatus.Succeeded;
        if (cancelRequested) return WorkflowStatus.Canceled;
        return anyFailed ? WorkflowStatus.Failed : WorkflowStatus.Canceled;
    }

    /// <summary>The nodes a retry of the workflow runs again: those Failed or Canceled, in definition order.</summary>
    public IReadOnlyList<string> ToRetry(Func<string, TaskState> statusOf)
    {
        ArgumentNullException.ThrowIfNull(statusOf);
        return [.. Graph.Nodes.Select(n => n.Key).Where(k => statusOf(k) is TaskState.Failed or TaskState.Canceled)];
    }

    /// <summary>The error of a node canceled because its dependency <paramref name="key"/> ended <paramref name="state"/>.</summary>
    public static string DependencyReason(string key, string taskId, TaskState state) => $"Canceled: dependency '{key}' (task {taskId}) ended {state}.";

    /// <summary>The error of a node canceled with its workflow.</summary>
    public static string CanceledWithWorkflowReason(string workflowId) => $"Canceled with its workflow '{workflowId}'.";

    /// <summary>The error of a node canceled because its workflow is being deleted.</summary>
    public static string DeletedWithWorkflowReason(string workflowId) => $"Canceled: its workflow '{workflowId}' is being deleted.";

    /// <summary>Whether the node may run now, or the reason its failed dependency cancels it (first such dependency in order).</summary>
    private (bool Ready, string? Reason) Judge(WorkflowNode node, Func<string, TaskState> statusOf)
    {
        bool ready = true;
        foreach (var dependency in node.DependsOn)
        {
            var status = statusOf(dependency.Key);
            if (status == TaskState.Succeeded) continue;
            if (status is TaskState.Failed or TaskState.Canceled)
            {
                if (dependency.OnFailure == DependencyFailure.Cancel) return (false, DependencyReason(dependency.Key, Graph.TaskIdOf(dependency.Key), status));
                continue;
            }
            ready = false;
        }
        return (ready, null);
    }
}
