using OrleansScheduler.Families;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Testing;

/// <summary>
/// What every task store does with workflow nodes (DESIGN.md §8) and tells its listeners: a node with
/// dependencies waits until its workflow releases it and waits again when retried; its ends, the parents
/// released in other queues, and the running children a cascade canceled are told to the listeners. Each
/// store's test project subclasses this once.
/// </summary>
public abstract class WorkflowNodeContract : TaskFamilyContractBase
{
    [Fact]
    public async Task listeners_hear_which_silos_ran_the_children_a_cascade_canceled()
    {
        var store = await NewStore();
        var heard = new RecordingStoreListener();
        using var listening = store.Listen(heard);
        if (await SubmitAcrossQueues(store, new FamilySubmission(Join(), [Child() with { MaxAttempts = 1 }, Child("other")], ChildFailurePolicy.FailFast)) is not { } failFast) return;
        var canceled = await store.SubmitFamilyAsync(new FamilySubmission(Join(), [Child("third")]));
        var failing = await ClaimById(store, "default", failFast.ChildIds[0]);
        Assert.Single((await store.ClaimAsync("other", "silo-b", 1)).Tasks);
        Assert.Single((await store.ClaimAsync("third", "silo-c", 1)).Tasks);

        await store.FailAsync([new TaskFailure(failing.Id, "default", failing.Token, "bad input", Retryable: false)]);
        await store.CancelAsync(canceled.ParentId);

        Assert.Equal([new CanceledAttempt(failFast.ChildIds[1], "silo-b"), new CanceledAttempt(canceled.ChildIds[0], "silo-c")], heard.Canceled);
    }

    [Fact]
    public async Task listeners_hear_of_a_parent_released_in_another_queue_and_of_finished_workflow_nodes()
    {
        var store = await NewStore();
        var heard = new RecordingStoreListener();
        using var listening = store.Listen(heard);
        if (await SubmitAcrossQueues(store, new FamilySubmission(Join("joins"), [Child("work")])) is not { } family) return;
        var node = Echo("work") with { Node = new WorkflowNodeLink { WorkflowId = "wf-1", Key = "fetch" } };
        string nodeId = (await store.SubmitAsync([node]))[0];

        var batch = await store.ClaimAsync("work", Silo, 10);
        await store.CompleteAsync([.. batch.Tasks.Select(t => new TaskCompletion(t.Id, t.Queue, t.Token, "1"))]);

        Assert.Contains("joins", heard.ReadyQueues);
        var finished = Assert.Single(heard.Nodes);
        Assert.Equal(new FinishedNode("wf-1", "fetch", nodeId, TaskState.Succeeded), finished);
        Assert.Equal("wf-1", Assert.Single(batch.Tasks, t => t.Id == nodeId).Node!.WorkflowId);
    }

    [Fact]
    public async Task a_workflow_node_with_dependencies_waits_until_its_workflow_releases_it()
    {
        var store = await NewStore();
        var fetch = (await store.SubmitAsync([Echo() with { Node = new WorkflowNodeLink { WorkflowId = "wf-1", Key = "fetch" } }]))[0];
        var link = new WorkflowNodeLink { WorkflowId = "wf-1", Key = "resize", Dependencies = new Dictionary<string, string> { ["fetch"] = fetch } };
        var resize = (await store.SubmitAsync([Echo() with { Node = link }]))[0];

        Assert.Equal(TaskState.Waiting, await StatusOf(store, resize));
        Assert.Equal(fetch, Assert.Single((await store.ClaimAsync("default", Silo, 10)).Tasks).Id);
        var released = await store.UnblockAsync(resize);

        Assert.Equal(TaskState.Pending, released.Status);
        Assert.Equal(fetch, released.Node!.Dependencies["fetch"]);
        var claimed = Assert.Single((await store.ClaimAsync("default", Silo, 10)).Tasks);
        Assert.Equal(resize, claimed.Id);
        Assert.Equal("resize", claimed.Node!.Key);
        await Assert.ThrowsAsync<TaskStateConflictException>(() => store.UnblockAsync(resize));
    }

    [Fact]
    public async Task the_workflows_with_waiting_nodes_are_listed_per_queue_and_leave_the_list_once_released()
    {
        var store = await NewStore();
        WorkflowNodeLink Link(string workflow, string key, bool waits) => new()
        {
            WorkflowId = workflow, Key = key,
            Dependencies = waits ? new Dictionary<string, string> { ["before"] = $"{workflow}.before" } : new Dictionary<string, string>(),
        };
        var ids = await store.SubmitAsync(
        [
            Echo() with { Node = Link("wf-b", "x", waits: true) },
            Echo() with { Node = Link("wf-a", "y", waits: true) },
            Echo() with { Node = Link("wf-a", "z", waits: true) },
            Echo() with { Node = Link("wf-c", "ready", waits: false) },
            Echo("other") with { Node = Link("wf-d", "elsewhere", waits: true) },
        ]);
        await store.SubmitFamilyAsync(new FamilySubmission(Join(), [Child()]));

        Assert.Equal(["wf-a", "wf-b"], await store.ListWaitingWorkflowsAsync("default"));
        Assert.Equal(["wf-d"], await store.ListWaitingWorkflowsAsync("other"));
        Assert.Empty(await store.ListWaitingWorkflowsAsync("no-such-queue"));

        await store.UnblockAsync(ids[0]);
        await store.CancelAsync(ids[1]);

        Assert.Equal(["wf-a"], await store.ListWaitingWorkflowsAsync("default"));
    }

    [Fact]
    public async Task a_retried_workflow_node_with_dependencies_waits_for_its_workflow_again()
    {
        var store = await NewStore();
        var link = new WorkflowNodeLink { WorkflowId = "wf-1", Key = "resize", Dependencies = new Dictionary<string, string> { ["fetch"] = "wf-1.fetch" } };
        var id = (await store.SubmitAsync([Echo() with { Node = link }]))[0];
        await store.CancelAsync(id, "Canceled: dependency 'fetch' ended Failed.");

        var retried = await store.RetryAsync(id);

        Assert.Equal(TaskState.Waiting, retried.Status);
        Assert.Empty((await store.ClaimAsync("default", Silo, 10)).Tasks);
        Assert.Equal(TaskState.Pending, (await store.UnblockAsync(id)).Status);
    }

    [Fact]
    public async Task a_retried_workflow_node_is_told_to_the_listeners_again_when_it_ends_again()
    {
        var store = await NewStore();
        var heard = new RecordingStoreListener();
        using var listening = store.Listen(heard);
        string id = (await store.SubmitAsync([Echo() with { MaxAttempts = 1, Node = new WorkflowNodeLink { WorkflowId = "wf-1", Key = "fetch" } }]))[0];
        var first = Assert.Single((await store.ClaimAsync("default", Silo, 1)).Tasks);
        await store.FailAsync([new TaskFailure(id, "default", first.Token, "down", Retryable: false)]);

        await store.RetryAsync(id);
        await RunOne(store, "default");

        Assert.Equal([TaskState.Failed, TaskState.Succeeded], heard.Nodes.Select(n => n.Status));
    }
}
