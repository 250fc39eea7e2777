using OrleansScheduler.Server.Tests.Infrastructure;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using OrleansScheduler.Workflows;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

/// <summary>DAG workflows on a cluster: dependency order across queues, results by key, failure edges, and the workflow as a whole.</summary>
public abstract class WorkflowTests(Func<ClusterStorage> storage, ITestOutputHelper output) : WorkflowTestBase(storage, output)
{
    [Fact]
    public async Task a_diamond_runs_in_dependency_order_across_queues_and_each_task_sees_its_dependencies_results_by_key()
    {
        await DeployWorkflowsAsync();
        var workflow = await CreateAsync(
            Node("fetch"),
            Node("resize", queue: "other", dependsOn: "fetch"),
            Node("thumb", dependsOn: "fetch"),
            Node("publish", queue: "other", dependsOn: ["resize", "thumb"]));

        var nodes = await WaitForNodesAsync(workflow);

        Assert.All(nodes.Values, t => Assert.Equal(TaskState.Succeeded, t.Status));
        foreach (var node in workflow.Nodes)
        {
            var started = await StartOfAsync(nodes[node.Key]);
            Assert.All(node.DependsOn, d => Assert.True(started >= nodes[d].FinishedAt, $"{node.Key} started {started:O} before {d} finished {nodes[d].FinishedAt:O}"));
        }
        Assert.Equal(new Dictionary<string, string> { ["resize"] = "resize", ["thumb"] = "thumb" }, NodeResultOf(nodes["publish"]).Seen);
        Assert.Equal("fetch", NodeResultOf(nodes["resize"]).Seen["fetch"]);
        var finished = await WaitForStatusAsync(workflow.Id, WorkflowStatus.Succeeded);
        Assert.Equal(4, finished.Edges.Count);
        Assert.NotNull(finished.FinishedAt);
    }

    [Fact]
    public async Task a_failing_dependency_cancels_its_dependents_with_a_reason_naming_it()
    {
        await DeployWorkflowsAsync();
        var workflow = await CreateAsync(Node("fetch", new { fail = true }), Node("resize", dependsOn: "fetch"), Node("publish", dependsOn: "resize"), Node("other"));

        var nodes = await WaitForNodesAsync(workflow);

        Assert.Equal((TaskState.Failed, TaskState.Canceled, TaskState.Canceled, TaskState.Succeeded),
            (nodes["fetch"].Status, nodes["resize"].Status, nodes["publish"].Status, nodes["other"].Status));
        Assert.Equal($"Canceled: dependency 'fetch' (task {workflow.Id}.fetch) ended Failed.", nodes["resize"].Error);
        Assert.Equal($"Canceled: dependency 'resize' (task {workflow.Id}.resize) ended Canceled.", nodes["publish"].Error);
        Assert.Empty(Ledger.StartsOf(nodes["resize"].Id));
        var failed = await WaitForStatusAsync(workflow.Id, WorkflowStatus.Failed);
        Assert.Equal(nodes["resize"].Error, failed.Nodes.Single(n => n.Key == "resize").Error);
    }

    [Fact]
    public async Task an_edge_that_continues_runs_the_dependent_after_its_dependency_failed_and_shows_it_how_it_ended()
    {
        await DeployWorkflowsAsync();
        var workflow = await CreateAsync(Node("fetch", new { fail = true }), Node("cleanup", dependsOn: "fetch?"));

        var nodes = await WaitForNodesAsync(workflow);

        Assert.Equal(TaskState.Succeeded, nodes["cleanup"].Status);
        Assert.Equal("Failed", NodeResultOf(nodes["cleanup"]).Seen["fetch"]);
        await WaitForStatusAsync(workflow.Id, WorkflowStatus.Failed);
    }

    [Fact]
    public async Task canceling_a_workflow_cancels_its_running_and_waiting_tasks_and_a_second_cancel_is_a_conflict()
    {
        await DeployWorkflowsAsync();
        var workflow = await CreateAsync(Node("fetch", new { gated = true }), Node("resize", dependsOn: "fetch"));
        await WaitForStartsAsync(1);

        var canceled = await Grain(workflow.Id).CancelAsync();

        Assert.Equal(WorkflowStatus.Canceled, canceled.Status);
        Assert.All(canceled.Nodes, n => Assert.Equal(TaskState.Canceled, n.Status));
        Assert.Equal($"Canceled with its workflow '{workflow.Id}'.", canceled.Nodes[1].Error);
        await Eventually.Until(() => Task.FromResult(Ledger.Cancellations), c => c.Any(r => r.TaskId == $"{workflow.Id}.fetch"),
            "the running node's handler to see its token fire", Patience);
        var conflict = await Assert.ThrowsAsync<WorkflowStateConflictException>(() => Grain(workflow.Id).CancelAsync());
        Assert.Equal((WorkflowStatus.Canceled, "cancel"), (conflict.Actual, conflict.Operation));
    }

    [Fact]
    public async Task retrying_a_failed_workflow_reruns_its_failed_task_and_then_the_dependents_it_had_canceled()
    {
        await DeployWorkflowsAsync();
        var workflow = await CreateAsync(Node("fetch", new { failFirst = true }), Node("resize", dependsOn: "fetch"), Node("done"));
        await WaitForNodesAsync(workflow);
        await WaitForStatusAsync(workflow.Id, WorkflowStatus.Failed);

        var retried = await Grain(workflow.Id).RetryFailedAsync();

        Assert.Equal((WorkflowStatus.Running, 2), (retried.Status, retried.Run));
        Assert.Equal(TaskState.Waiting, retried.Nodes.Single(n => n.Key == "resize").Status);
        var nodes = await WaitForNodesAsync(workflow);
        Assert.All(nodes.Values, t => Assert.Equal(TaskState.Succeeded, t.Status));
        Assert.Single(Ledger.StartsOf(nodes["done"].Id));
        Assert.True(await StartOfAsync(nodes["resize"]) >= nodes["fetch"].FinishedAt);
        await WaitForStatusAsync(workflow.Id, WorkflowStatus.Succeeded);
        await Assert.ThrowsAsync<WorkflowStateConflictException>(() => Grain(workflow.Id).RetryFailedAsync());
    }

    [Fact]
    public async Task deleting_a_workflow_cancels_its_running_task_and_removes_every_task_and_the_workflow()
    {
        await DeployWorkflowsAsync();
        var workflow = await CreateAsync(Node("fetch", new { gated = true }), Node("resize", dependsOn: "fetch"));
        await WaitForStartsAsync(1);

        var deleted = await Grain(workflow.Id).DeleteAsync();

        Assert.Equal(TaskState.Running, deleted.Nodes[0].Status);
        foreach (var node in workflow.Nodes) Assert.Null(await Storage.Tasks.GetAsync(node.TaskId));
        Assert.Null(await Grain(workflow.Id).GetAsync());
        await Assert.ThrowsAsync<WorkflowNotFoundException>(() => Grain(workflow.Id).CancelAsync());
        await Eventually.Until(() => Task.FromResult(Ledger.Cancellations), c => c.Any(r => r.TaskId == $"{workflow.Id}.fetch"),
            "the deleted running node's handler to see its token fire", Patience);
    }

    [Fact]
    public async Task killing_the_silo_that_holds_the_workflows_grain_mid_run_still_finishes_the_workflow()
    {
        var cluster = await DeployWorkflowsAsync(3);
        var workflow = await CreateAsync(Node("fetch"), Node("left", new { gated = true }, dependsOn: "fetch"),
            Node("right", new { gated = true }, "other", "fetch"), Node("join", dependsOn: ["left", "right"]));
        await Eventually.Until(() => Task.FromResult(Ledger.Starts), s => s.Count(r => r.TaskId.EndsWith(".left") || r.TaskId.EndsWith(".right")) >= 2,
            "both gated nodes to start", Patience);
        var host = await Client.GetGrain<IManagementGrain>(0).GetActivationAddress(Grain(workflow.Id))
                   ?? throw new InvalidOperationException($"Workflow {workflow.Id} has no activation.");
        var holder = cluster.Silos.Single(s => s.SiloAddress.Equals(host));

        await cluster.KillSiloAsync(holder);
        await WaitForFailoverAsync(holder);
        Ledger.OpenGate();

        // Read from the store, not the grain: a grain call would activate it by itself.
        var nodes = await WaitForNodesAsync(workflow);
        Assert.All(nodes.Values, t => Assert.Equal(TaskState.Succeeded, t.Status));
        Assert.Equal(new Dictionary<string, string> { ["left"] = "left", ["right"] = "right" }, NodeResultOf(nodes["join"]).Seen);
        Assert.Equal(WorkflowStatus.Succeeded, (await WaitForStatusAsync(workflow.Id, WorkflowStatus.Succeeded)).Status);
    }
}
