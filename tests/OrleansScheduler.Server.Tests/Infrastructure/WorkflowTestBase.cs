using System.Text.Json;
using Microsoft.Extensions.Hosting;
using OrleansScheduler.Api;
using OrleansScheduler.Grains;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using OrleansScheduler.Workflows;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests.Infrastructure;

/// <summary>What the workflow cluster tests share: the <c>node</c> handler, workflows written key by key, and waits on the store.</summary>
public abstract class WorkflowTestBase(Func<ClusterStorage> storage, ITestOutputHelper output) : ClusterTestBase(storage, output)
{
    /// <summary>Deploys <paramref name="silos"/> silos serving <c>default</c> and <c>other</c>, with the <c>node</c> handler.</summary>
    protected Task<SchedulerCluster> DeployWorkflowsAsync(int silos = 2) =>
        DeployAsync(silos, o => o.Queues = [TaskLimits.DefaultQueue, "other"], s => s.AddHandler<NodeHandler>("node"));

    /// <summary>A node running the <c>node</c> handler (one attempt) after <paramref name="dependsOn"/>; a dependency written <c>"b?"</c> continues when b fails.</summary>
    protected static WorkflowNode Node(string key, object? payload = null, string queue = TaskLimits.DefaultQueue, params string[] dependsOn) => new()
    {
        Key = key,
        Task = new TaskSubmission { Type = "node", Queue = queue, MaxAttempts = 1, Payload = JsonSerializer.Serialize(payload, JsonSerializerOptions.Web) },
        DependsOn = [.. dependsOn.Select(d => d.EndsWith('?')
            ? new WorkflowDependency { Key = d[..^1], OnFailure = DependencyFailure.Continue }
            : new WorkflowDependency { Key = d })],
    };

    /// <summary>Creates the workflow under a new id, through the cluster's client.</summary>
    protected async Task<WorkflowInfo> CreateAsync(params WorkflowNode[] nodes) =>
        await Grain(TaskId.New(DateTimeOffset.UtcNow)).CreateAsync(new WorkflowDefinition { Name = "test", Nodes = nodes });

    protected IWorkflowGrain Grain(string id) => Client.GetGrain<IWorkflowGrain>(id);

    /// <summary>Waits until every node of <paramref name="workflow"/> is terminal in the store (not asking the grain, whose reads would reconcile).</summary>
    protected async Task<Dictionary<string, TaskRecord>> WaitForNodesAsync(WorkflowInfo workflow, TimeSpan? patience = null)
    {
        var ids = workflow.Nodes.Select(n => n.TaskId).ToList();
        var tasks = await Eventually.Until(() => GetAllAsync(ids), all => all.All(t => t.Status.IsTerminal()),
            $"every node of workflow {workflow.Id} to finish", patience ?? Patience);
        return tasks.ToDictionary(t => t.Node!.Key);
    }

    /// <summary>Waits until the grain says the workflow is <paramref name="status"/>.</summary>
    protected Task<WorkflowInfo> WaitForStatusAsync(string id, WorkflowStatus status) =>
        Eventually.Until(async () => (await Grain(id).GetAsync())!, w => w.Status == status, $"workflow {id} to be {status}", Patience);

    protected static NodeResult NodeResultOf(TaskRecord task) =>
        JsonSerializer.Deserialize<NodeResult>(task.Result ?? throw new InvalidOperationException($"Node {task.Id} has no result ({task.Status}: {task.Error})."), JsonSerializerOptions.Web)!;

    /// <summary>The start of the node's only attempt and the finish of each of its dependencies, from the store's attempt history.</summary>
    protected async Task<DateTimeOffset> StartOfAsync(TaskRecord task) =>
        (await Storage.Tasks.GetAttemptsAsync(task.Id) ?? throw new InvalidOperationException($"No attempts of {task.Id}.")).Last().StartedAt;
}
