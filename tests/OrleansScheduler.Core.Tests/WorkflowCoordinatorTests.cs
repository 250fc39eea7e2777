using OrleansScheduler.Tasks;
using OrleansScheduler.Workflows;
using static OrleansScheduler.Core.Tests.WorkflowTestGraphs;

namespace OrleansScheduler.Core.Tests;

public sealed class WorkflowCoordinatorTests
{
    private static (WorkflowCoordinator Coordinator, Dictionary<string, TaskState> States) Start(params string[] nodes)
    {
        var coordinator = new WorkflowCoordinator(new WorkflowGraph("wf", Define(nodes)));
        var states = coordinator.Graph.Nodes.ToDictionary(n => n.Key, n => n.DependsOn.Count > 0 ? TaskState.Waiting : TaskState.Pending);
        return (coordinator, states);
    }

    [Fact]
    public void a_dependent_is_released_only_once_every_dependency_succeeded()
    {
        var (coordinator, states) = Start("a", "b", "join:a,b");
        states["a"] = TaskState.Succeeded;

        Assert.True(coordinator.Decide(k => states[k], ["a"]).IsEmpty);
        states["b"] = TaskState.Succeeded;
        var decisions = coordinator.Decide(k => states[k], ["b"]);

        Assert.Equal(["join"], decisions.Release);
        Assert.Empty(decisions.Cancel);
    }

    [Fact]
    public void a_failed_dependency_cancels_its_whole_branch_naming_the_dependency_that_failed()
    {
        var (coordinator, states) = Start("fetch", "resize:fetch", "publish:resize", "other");
        states["fetch"] = TaskState.Failed;

        var decisions = coordinator.Decide(k => states[k], ["fetch"]);

        Assert.Empty(decisions.Release);
        Assert.Equal(["resize", "publish"], decisions.Cancel.Select(c => c.Key));
        Assert.Equal("Canceled: dependency 'fetch' (task wf.fetch) ended Failed.", decisions.Cancel[0].Reason);
        Assert.Equal("Canceled: dependency 'resize' (task wf.resize) ended Canceled.", decisions.Cancel[1].Reason);
    }

    [Fact]
    public void an_edge_that_continues_releases_the_dependent_once_the_dependency_is_terminal_however_it_ended()
    {
        var (coordinator, states) = Start("fetch", "cleanup:fetch?", "publish:fetch");
        states["fetch"] = TaskState.Failed;

        var decisions = coordinator.Decide(k => states[k], ["fetch"]);

        Assert.Equal(["cleanup"], decisions.Release);
        Assert.Equal("publish", Assert.Single(decisions.Cancel).Key);
    }

    [Fact]
    public void a_continue_edge_after_a_canceled_branch_releases_the_node_in_the_same_decision()
    {
        var (coordinator, states) = Start("a", "b:a", "report:b?");
        states["a"] = TaskState.Failed;

        var decisions = coordinator.Decide(k => states[k], ["a"]);

        Assert.Equal("b", Assert.Single(decisions.Cancel).Key);
        Assert.Equal(["report"], decisions.Release);
    }

    [Fact]
    public void deciding_for_every_node_finds_what_a_lost_notice_left_waiting()
    {
        var (coordinator, states) = Start("a", "b:a", "c:b");
        states["a"] = TaskState.Succeeded;

        Assert.Equal(["b"], coordinator.Decide(k => states[k]).Release);
    }

    [Fact]
    public void nodes_no_longer_waiting_are_left_alone()
    {
        var (coordinator, states) = Start("a", "b:a");
        states["a"] = TaskState.Succeeded;
        states["b"] = TaskState.Pending;

        Assert.True(coordinator.Decide(k => states[k], ["a"]).IsEmpty);
    }

    [Theory]
    [InlineData(TaskState.Running, TaskState.Waiting, false, WorkflowStatus.Running)]
    [InlineData(TaskState.Succeeded, TaskState.Succeeded, false, WorkflowStatus.Succeeded)]
    [InlineData(TaskState.Failed, TaskState.Canceled, false, WorkflowStatus.Failed)]
    [InlineData(TaskState.Succeeded, TaskState.Canceled, false, WorkflowStatus.Canceled)]
    [InlineData(TaskState.Failed, TaskState.Canceled, true, WorkflowStatus.Canceled)]
    [InlineData(TaskState.Succeeded, TaskState.Succeeded, true, WorkflowStatus.Succeeded)]
    public void the_workflows_status_follows_its_nodes(TaskState a, TaskState b, bool cancelRequested, WorkflowStatus expected)
    {
        var (coordinator, states) = Start("a", "b:a");
        states["a"] = a;
        states["b"] = b;

        Assert.Equal(expected, coordinator.StatusOf(k => states[k], cancelRequested));
    }

    [Fact]
    public void a_retry_reruns_the_failed_and_canceled_nodes_in_definition_order()
    {
        var (coordinator, states) = Start("a", "b:a", "c:b", "d");
        states["a"] = TaskState.Succeeded;
        states["b"] = TaskState.Failed;
        states["c"] = TaskState.Canceled;
        states["d"] = TaskState.Succeeded;

        Assert.Equal(["b", "c"], coordinator.ToRetry(k => states[k]));
    }

    [Fact]
    public void the_submissions_link_each_node_to_its_workflow_and_its_dependencies_task_ids()
    {
        var graph = new WorkflowGraph("wf", Define("fetch", "resize:fetch"));

        var submissions = graph.Submissions();

        Assert.Equal(["wf.fetch", "wf.resize"], submissions.Select(s => s.Id));
        Assert.Empty(submissions[0].Node!.Dependencies);
        Assert.Equal("wf.fetch", submissions[1].Node!.Dependencies["fetch"]);
        Assert.Equal(("wf", "resize"), (submissions[1].Node!.WorkflowId, submissions[1].Node!.Key));
    }
}
