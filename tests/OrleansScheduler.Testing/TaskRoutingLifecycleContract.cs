using OrleansScheduler.Families;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Testing;

/// <summary>
/// What every task store does with a routed task on every path to Pending and out of it (DESIGN.md §7,
/// <see cref="ITaskRouting"/>): it keeps its silo through retries, hand-backs and delays, children, joins and
/// workflow nodes enter their silo's lane, pausing, canceling and deleting take it out; the queue's stats count
/// every lane and a submission with invalid routing is refused whole. Subclassed once per store.
/// </summary>
public abstract class TaskRoutingLifecycleContract : TaskRoutingContractBase
{
    // Routing kept through every transition

    [Fact]
    public async Task a_routed_task_keeps_its_silo_through_a_retry_backoff_and_a_retry_on_request()
    {
        var store = await NewStore();
        string id = (await store.SubmitAsync([To(B) with { MaxAttempts = 2, Backoff = TimeSpan.FromSeconds(1) }]))[0];
        await Fail(store, Assert.Single((await store.ClaimAsync(By(B))).Tasks), retryable: true);
        var retrying = (await store.GetAsync(id))!;
        Assert.Equal((TaskState.Scheduled, B), (retrying.Status, retrying.RoutedTo));

        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(await Claim(store, By(A)));
        var due = (await store.GetAsync(id))!;
        Assert.Equal((TaskState.Pending, B, Clock.GetUtcNow()), (due.Status, due.RoutedTo, due.RoutedSince));
        var second = Assert.Single((await store.ClaimAsync(By(B))).Tasks);
        Assert.Equal(2, second.Attempt);
        await Fail(store, second, retryable: true);
        Assert.Equal(TaskState.Failed, await StatusOf(store, id));

        await store.RetryAsync(id);
        Assert.Empty(await Claim(store, By(A)));
        Assert.Equal([id], await Claim(store, By(B)));
    }

    [Fact]
    public async Task a_handed_back_routed_task_waits_for_its_silo_again()
    {
        var store = await NewStore();
        var ids = await store.SubmitAsync([To(B), Keyed("k")]);
        var claimed = (await store.ClaimAsync(By(B))).Tasks;

        await store.ReleaseAsync([.. claimed.Select(t => new TaskRelease(t.Id, t.Queue, t.Token))]);

        Assert.Equal([ids[0]], await Lane(store, B));
        Assert.Equal([ids[1]], await Claim(store, By(A)));
        var again = Assert.Single((await store.ClaimAsync(By(B))).Tasks);
        Assert.Equal((ids[0], 1), (again.Id, again.Attempt));
    }

    [Fact]
    public async Task a_delayed_routed_task_enters_its_lane_when_it_falls_due()
    {
        var store = await NewStore();
        string id = (await store.SubmitAsync([To(B) with { RunAt = Clock.GetUtcNow().AddSeconds(5) }]))[0];
        Assert.Empty(await store.ListRoutedSilosAsync("default"));

        Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, await store.PromoteDueAsync("default"));

        var listed = Assert.Single(await store.ListRoutedAsync("default", B, 10));
        Assert.Equal((id, Clock.GetUtcNow()), (listed.Id, listed.Since));
        Assert.Empty(await Claim(store, By(A)));
    }

    [Fact]
    public async Task routed_children_a_released_join_a_spawned_child_and_an_unblocked_node_wait_in_their_silos_lane()
    {
        var store = await NewStore();
        var family = await store.SubmitFamilyAsync(new FamilySubmission(Join() with { RoutedTo = B }, [Child() with { RoutedTo = B }]));
        Assert.Equal([family.ChildIds[0]], await Lane(store, B));
        await Complete(store, Assert.Single((await store.ClaimAsync(By(B))).Tasks));
        Assert.Equal([family.ParentId], await Lane(store, B));
        var join = Assert.Single((await store.ClaimAsync(By(B))).Tasks);
        Assert.True(join.IsJoin);

        await store.SubmitAsync([Echo()]);
        var parent = Assert.Single((await store.ClaimAsync(By(A))).Tasks);
        var spawned = await store.SpawnChildrenAsync(new ChildSpawn(parent.Id, "default", parent.Token, 0, [Child() with { RoutedTo = B }]));
        var link = new WorkflowNodeLink { WorkflowId = "wf-1", Key = "resize", Dependencies = new Dictionary<string, string> { ["fetch"] = "wf-1.fetch" } };
        string node = (await store.SubmitAsync([Echo() with { Node = link, RoutedTo = B }]))[0];
        await store.UnblockAsync(node);

        Assert.Equal([spawned.Ids[0], node], await Lane(store, B));
        Assert.Empty(await Claim(store, By(A)));
    }

    // Out of the lanes

    [Fact]
    public async Task pausing_a_routed_task_takes_it_out_of_its_lane_and_resuming_returns_it_there()
    {
        var store = await NewStore();
        var ids = await store.SubmitAsync([To(B), Costing(2)]);

        foreach (string id in ids) await store.PauseAsync(id);

        Assert.Empty(await store.ListRoutedSilosAsync("default"));
        Assert.Empty(await Claim(store, By(B) with { FreeSlots = 10 }));
        Assert.Equal(2, (await store.GetQueueStatsAsync("default")).Counts[TaskState.Paused]);
        Clock.Advance(TimeSpan.FromSeconds(1));
        foreach (string id in ids) await store.ResumeAsync(id);
        Assert.Equal(Clock.GetUtcNow(), Assert.Single(await store.ListRoutedAsync("default", B, 10)).Since);
        Assert.Equal(ids, await Claim(store, By(B) with { FreeSlots = 10 }));
    }

    [Fact]
    public async Task canceling_or_deleting_a_routed_pending_task_takes_it_out_of_its_lane()
    {
        var store = await NewStore();
        var ids = await store.SubmitAsync([To(A), To(TaskRouting.NoSilo), Costing(2), Keyed("k")]);

        await store.CancelAsync(ids[0]);
        await store.DeleteAsync(ids[1]);
        await store.CancelAsync(ids[2]);
        await store.DeleteAsync(ids[3]);

        Assert.Empty(await store.ListRoutedSilosAsync("default"));
        Assert.Empty(await Claim(store, By(A) with { FreeSlots = 10 }));
        Assert.Equal(0, (await store.GetQueueStatsAsync("default")).Counts[TaskState.Pending]);
        string again = (await store.SubmitAsync([Keyed("k")]))[0];
        Assert.Equal([again], await Claim(store, By(A)));
    }

    [Fact]
    public async Task a_parents_cancel_or_fail_fast_takes_its_routed_pending_children_out_of_their_lanes()
    {
        var store = await NewStore();
        var canceled = await store.SubmitFamilyAsync(new FamilySubmission(Join(), [Child() with { RoutedTo = B }, Child() with { Routing = new TaskRouting { Cost = 2 } }]));
        await store.CancelAsync(canceled.ParentId);
        Assert.Empty(await store.ListRoutedSilosAsync("default"));
        Assert.Empty(await Claim(store, By(B) with { FreeSlots = 10 }));

        var failing = await store.SubmitFamilyAsync(new FamilySubmission(Join(), [Child(), Child() with { RoutedTo = B }], ChildFailurePolicy.FailFast));
        await Fail(store, Assert.Single((await store.ClaimAsync(By(A))).Tasks), retryable: false);

        Assert.Equal(TaskState.Canceled, await StatusOf(store, failing.ChildIds[1]));
        Assert.Empty(await store.ListRoutedSilosAsync("default"));
        Assert.Empty(await Claim(store, By(B)));
    }

    // Counted and checked

    [Fact]
    public async Task queue_stats_count_the_pending_tasks_of_every_lane()
    {
        var store = await NewStore();
        await store.SubmitAsync([Echo(), To(A), To(B), To(TaskRouting.NoSilo), Keyed("k"), Costing(2)]);

        Assert.Equal(6, (await store.GetQueueStatsAsync("default")).Counts[TaskState.Pending]);
        Assert.Equal(4, (await store.ClaimAsync(By(A) with { FreeSlots = 10 })).Tasks.Count);
        var stats = await store.GetQueueStatsAsync("default");
        Assert.Equal((2, 4), (stats.Counts[TaskState.Pending], stats.Counts[TaskState.Running]));
    }

    [Fact]
    public async Task a_submission_with_invalid_routing_is_refused_naming_the_routing_field_and_nothing_is_stored()
    {
        var store = await NewStore();

        var single = await Assert.ThrowsAsync<ArgumentException>(() => store.SubmitAsync([Echo() with { Routing = new TaskRouting { Cost = 0 } }]));
        var batch = await Assert.ThrowsAsync<ArgumentException>(() =>
            store.SubmitAsync([Echo(id: "good-1"), Echo() with { Routing = new TaskRouting { Strategy = RoutingStrategy.Pinned } }]));

        Assert.Contains("routing.cost", single.Message);
        Assert.Contains("tasks[1].routing.silo", batch.Message);
        Assert.Null(await store.GetAsync("good-1"));
        Assert.Empty((await store.ListAsync(new TaskQuery())).Tasks);
    }
}
