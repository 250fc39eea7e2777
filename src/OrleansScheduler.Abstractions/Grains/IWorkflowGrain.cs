using Orleans.Concurrency;
using OrleansScheduler.Api;
using OrleansScheduler.Workflows;

namespace OrleansScheduler.Grains;

/// <summary>
/// One workflow, by id: a DAG of tasks (DESIGN.md §8) whose definition and node states are the grain's
/// persistent state. Its nodes are tasks in the task store (<c>&lt;workflow id&gt;.&lt;key&gt;</c>) that wait
/// until the grain releases them; the store tells the grain when a node finishes, and on activation the
/// grain reconciles every node against the store, so a notice lost with a silo loses nothing.
/// </summary>
/// <remarks>
/// Errors cross the call as typed exceptions: <see cref="ArgumentException"/> naming what is invalid,
/// <see cref="WorkflowAlreadyExistsException"/>, <see cref="WorkflowNotFoundException"/> and
/// <see cref="WorkflowStateConflictException"/> naming the workflow, its status and the statuses allowed.
/// </remarks>
[Alias("OrleansScheduler.IWorkflowGrain")]
public interface IWorkflowGrain : IGrainWithStringKey
{
    /// <summary>Stores the workflow under the grain's key and submits its nodes; those without dependencies start at once.</summary>
    [Alias("create")]
    Task<WorkflowInfo> CreateAsync(WorkflowDefinition definition);

    /// <summary>The workflow with every node as the store holds it now, or null when there is none.</summary>
    [Alias("get")]
    Task<WorkflowInfo?> GetAsync();

    /// <summary>Cancels a Running workflow: every node not yet terminal is canceled (a running handler's token fires).</summary>
    [Alias("cancel")]
    Task<WorkflowInfo> CancelAsync();

    /// <summary>
    /// Starts a new run of a Failed or Canceled workflow: its Failed and Canceled nodes run again, those whose
    /// dependencies have not all succeeded once they have.
    /// </summary>
    [Alias("retry")]
    Task<WorkflowInfo> RetryFailedAsync();

    /// <summary>Deletes every node (running ones are canceled first), then the workflow; returns it as it was.</summary>
    [Alias("delete")]
    Task<WorkflowInfo> DeleteAsync();

    /// <summary>The store says these nodes reached a terminal state (a hint, maybe told twice: the grain reads them again).</summary>
    [Alias("nodesFinished"), OneWay]
    Task NodesFinishedAsync(IReadOnlyList<string> keys);

    /// <summary>Wakes the grain: an activation reconciles its nodes against the store (the backstop for a lost notice).</summary>
    [Alias("poke"), OneWay]
    Task PokeAsync();
}
