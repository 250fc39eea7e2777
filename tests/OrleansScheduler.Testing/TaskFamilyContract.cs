using OrleansScheduler.Families;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Testing;

/// <summary>
/// What every task store does with parents and children (fan-out / fan-in, DESIGN.md §8): children counted
/// once, in their own transition when they share the parent's queue and through the store's notices when they
/// do not; the join released when the last child ends; spawning, idempotency, events and nesting.
/// <see cref="TaskFamilyEndingContract"/> has how children's ends count (fail fast, retries, poison) and a parent's
/// cancel, delete, retention and join retry; <see cref="WorkflowNodeContract"/> has workflow nodes and what the listeners hear.
/// Each store's test project subclasses this once.
/// </summary>
public abstract class TaskFamilyContract : TaskFamilyContractBase
{
    [Fact]
    public async Task a_family_is_stored_as_a_waiting_parent_with_children_named_by_their_position()
    {
        var store = await NewStore();

        var family = await store.SubmitFamilyAsync(new FamilySubmission(Join(), [Child(n: 1), Child(n: 2)]));

        Assert.Equal([$"{family.ParentId}.0", $"{family.ParentId}.1"], family.ChildIds);
        var parent = (await store.GetAsync(family.ParentId))!;
        Assert.Equal(TaskState.Waiting, parent.Status);
        Assert.True(parent.IsJoin);
        Assert.Equal(2, parent.ChildCount);
        Assert.Equal(0, parent.ChildrenFinished);
        var child = (await store.GetAsync(family.ChildIds[1]))!;
        Assert.Equal(TaskState.Pending, child.Status);
        Assert.Equal(family.ParentId, child.ParentId);
        Assert.Equal("default", child.ParentQueue);
        Assert.Equal(1, child.ChildIndex);
        Assert.Equal(1, child.Depth);
        Assert.Contains("default", family.IdleQueues);
        Assert.Equal(1, (await store.GetQueueStatsAsync("default")).Counts[TaskState.Waiting]);
    }

    [Fact]
    public async Task the_last_child_to_finish_releases_the_join_in_its_own_transition()
    {
        var store = await NewStore();
        var family = await store.SubmitFamilyAsync(new FamilySubmission(Join(), [Child(n: 1), Child(n: 2)]));

        var first = Assert.Single((await store.ClaimAsync("default", Silo, 1)).Tasks);
        await store.CompleteAsync([new TaskCompletion(first.Id, "default", first.Token, "1")]);
        var halfway = (await store.GetAsync(family.ParentId))!;
        Assert.Equal(TaskState.Waiting, halfway.Status);
        Assert.Equal(1, halfway.ChildrenFinished);
        Assert.Equal(50, halfway.Progress);
        Assert.Equal("1 of 2 children finished", halfway.ProgressMessage);

        await RunOne(store, "default", "4");

        var parent = (await store.GetAsync(family.ParentId))!;
        Assert.Equal(TaskState.Pending, parent.Status);
        Assert.Equal(100, parent.Progress);
        var join = Assert.Single((await store.ClaimAsync("default", Silo, 10)).Tasks);
        Assert.Equal(family.ParentId, join.Id);
        Assert.True(join.IsJoin);
        Assert.Equal(2, join.ChildCount);
        Assert.Equal(1, join.Attempt);
    }

    [Fact]
    public async Task children_in_another_queue_release_their_parent_through_the_stores_notices()
    {
        var store = await NewStore();
        if (await SubmitAcrossQueues(store, new FamilySubmission(Join("joins"), [Child("work"), Child("work")])) is not { } family) return;

        await RunOne(store, "work");
        Assert.Equal(TaskState.Waiting, await StatusOf(store, family.ParentId));
        await RunOne(store, "work");

        Assert.Equal(TaskState.Pending, await StatusOf(store, family.ParentId));
        Assert.Equal(0, await store.DeliverNoticesAsync("work"));
        var parent = (await store.GetAsync(family.ParentId))!;
        Assert.Equal(2, parent.ChildrenFinished);
        Assert.Equal(family.ParentId, Assert.Single((await store.ClaimAsync("joins", Silo, 10)).Tasks).Id);
    }

    [Fact]
    public async Task the_join_sees_every_child_in_spawn_order_with_its_result_and_error()
    {
        var store = await NewStore();
        if (await SubmitAcrossQueues(store, new FamilySubmission(Join(), [Child(n: 1), Child(n: 2), Child("other", 3) with { MaxAttempts = 1 }])) is not { } family) return;
        var c0 = await ClaimById(store, "default", family.ChildIds[0]);
        var c1 = await ClaimById(store, "default", family.ChildIds[1]);
        await store.CompleteAsync([new TaskCompletion(c1.Id, "default", c1.Token, "4"), new TaskCompletion(c0.Id, "default", c0.Token, "1")]);
        var c2 = Assert.Single((await store.ClaimAsync("other", Silo, 1)).Tasks);
        await store.FailAsync([new TaskFailure(c2.Id, "other", c2.Token, "boom", Retryable: false)]);

        var page = (await store.GetChildrenAsync(family.ParentId, 0, 10))!;

        Assert.Equal(3, page.Total);
        Assert.Equal([0, 1, 2], page.Children.Select(c => c.Index));
        Assert.Equal(family.ChildIds, page.Children.Select(c => c.Id));
        Assert.Equal(["1", "4", null], page.Children.Select(c => c.Result));
        Assert.Equal([TaskState.Succeeded, TaskState.Succeeded, TaskState.Failed], page.Children.Select(c => c.Status));
        Assert.Equal("boom", page.Children[2].Error);
        Assert.Equal("other", page.Children[2].Queue);
        Assert.Equal("square", page.Children[2].Type);
        var second = (await store.GetChildrenAsync(family.ParentId, 1, 1))!;
        Assert.Equal([family.ChildIds[1]], second.Children.Select(c => c.Id));
        var parent = (await store.GetAsync(family.ParentId))!;
        Assert.Equal(TaskState.Pending, parent.Status);
        Assert.Equal(1, parent.ChildrenFailed);
        Assert.Null(await store.GetChildrenAsync("no-such-parent", 0, 10));
    }

    [Fact]
    public async Task a_running_parent_spawns_children_and_waits_without_counting_the_attempt()
    {
        var store = await NewStore();
        var parent = await SubmitAndClaimOne(store, Join());

        var spawn = await store.SpawnChildrenAsync(new ChildSpawn(parent.Id, "default", parent.Token, 0, [Child(n: 1), Child("other", 2)]));
        var results = await store.WaitForChildrenAsync([new TaskWait(parent.Id, "default", parent.Token, "{\"round\":1}")]);

        Assert.Equal(OutcomeResult.Accepted, spawn.Outcome);
        Assert.Equal([$"{parent.Id}.0", $"{parent.Id}.1"], spawn.Ids);
        Assert.Contains("other", spawn.IdleQueues);
        Assert.Equal([OutcomeResult.Accepted], results);
        var waiting = (await store.GetAsync(parent.Id))!;
        Assert.Equal(TaskState.Waiting, waiting.Status);
        Assert.Equal(0, waiting.Attempt);
        Assert.Equal("{\"round\":1}", waiting.JoinState);
        Assert.Equal(TaskAttemptOutcomes.Waiting, Assert.Single((await store.GetAttemptsAsync(parent.Id))!).Outcome);
        Assert.Equal(1, (await store.GetAsync(spawn.Ids[1]))!.Depth);

        await RunOne(store, "default");
        await RunOne(store, "other");
        var join = Assert.Single((await store.ClaimAsync("default", Silo, 10)).Tasks);
        Assert.Equal(parent.Id, join.Id);
        Assert.True(join.IsJoin);
        Assert.Equal("{\"round\":1}", join.JoinState);
        Assert.Equal(1, join.Attempt);
    }

    [Fact]
    public async Task a_parent_whose_children_all_finished_before_it_waited_is_ready_for_its_join_at_once()
    {
        var store = await NewStore();
        var parent = await SubmitAndClaimOne(store, Join("parents"));
        await store.SpawnChildrenAsync(new ChildSpawn(parent.Id, "parents", parent.Token, 0, [Child("work")]));
        await RunOne(store, "work");

        await store.WaitForChildrenAsync([new TaskWait(parent.Id, "parents", parent.Token, null)]);

        Assert.Equal(TaskState.Pending, await StatusOf(store, parent.Id));
        Assert.True(Assert.Single((await store.ClaimAsync("parents", Silo, 1)).Tasks).IsJoin);
    }

    [Fact]
    public async Task spawning_again_after_a_rerun_finds_the_children_of_the_first_run()
    {
        var store = await NewStore();
        var first = await SubmitAndClaimOne(store, Join() with { Timeout = TimeSpan.FromSeconds(5), Backoff = TimeSpan.Zero });
        var spawned = await store.SpawnChildrenAsync(new ChildSpawn(first.Id, "default", first.Token, 0, [Child(n: 1), Child(n: 2)]));
        await RunOne(store, "default"); // the first child ran
        Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, await store.ExpireAttemptsAsync("default"));
        var rerun = await ClaimById(store, "default", first.Id);

        var again = await store.SpawnChildrenAsync(new ChildSpawn(rerun.Id, "default", rerun.Token, 0, [Child(n: 1), Child(n: 2), Child(n: 3)]));

        Assert.Equal([.. spawned.Ids, $"{first.Id}.2"], again.Ids);
        Assert.Equal(TaskState.Succeeded, await StatusOf(store, spawned.Ids[0]));
        var parent = (await store.GetAsync(first.Id))!;
        Assert.Equal(3, parent.ChildCount);
        Assert.Equal(1, parent.ChildrenFinished);
        var page = (await store.ListAsync(new TaskQuery { Queue = "default", Limit = 100 })).Tasks;
        Assert.Equal(4, page.Count);
    }

    [Fact]
    public async Task a_spawn_with_a_stale_token_stores_nothing()
    {
        var store = await NewStore();
        var parent = await SubmitAndClaimOne(store, Join());

        var stale = await store.SpawnChildrenAsync(new ChildSpawn(parent.Id, "default", parent.Token + 1, 0, [Child()]));
        var missing = await store.SpawnChildrenAsync(new ChildSpawn("no-such-parent", "default", 1, 0, [Child()]));

        Assert.Equal(OutcomeResult.StaleToken, stale.Outcome);
        Assert.Empty(stale.Ids);
        Assert.Equal(OutcomeResult.NotFound, missing.Outcome);
        Assert.Null(await store.GetAsync($"{parent.Id}.0"));
        Assert.Equal(0, (await store.GetAsync(parent.Id))!.ChildCount);
    }

    [Fact]
    public async Task a_child_that_chooses_its_id_or_an_idempotency_key_is_refused_and_nothing_is_stored()
    {
        var store = await NewStore();

        var withId = await Assert.ThrowsAsync<ArgumentException>(() => store.SubmitFamilyAsync(new FamilySubmission(Join(), [Child(), Child() with { Id = "mine" }])));
        var withKey = await Assert.ThrowsAsync<ArgumentException>(() => store.SubmitFamilyAsync(new FamilySubmission(Join(), [Child() with { IdempotencyKey = "k" }])));
        var none = await Assert.ThrowsAsync<ArgumentException>(() => store.SubmitFamilyAsync(new FamilySubmission(Join(), [])));

        Assert.Contains("children[1].id", withId.Message);
        Assert.Contains("children[0].idempotencyKey", withKey.Message);
        Assert.Contains("at least one child", none.Message);
        Assert.Empty((await store.ListAsync(new TaskQuery { Limit = 10 })).Tasks);
    }

    [Fact]
    public async Task a_family_repeated_under_its_idempotency_key_returns_the_first_family()
    {
        var store = await NewStore();
        var spec = new FamilySubmission(Join() with { IdempotencyKey = "nightly-2026-12-01" }, [Child(n: 1), Child(n: 2)]);

        var first = await store.SubmitFamilyAsync(spec);
        var again = await store.SubmitFamilyAsync(spec);

        Assert.Equal(first.ParentId, again.ParentId);
        Assert.Equal(first.ChildIds, again.ChildIds);
        Assert.Equal(3, (await store.ListAsync(new TaskQuery { Limit = 10 })).Tasks.Count);
    }

    [Fact]
    public async Task a_parent_reports_each_finished_child_in_its_event_stream()
    {
        var store = await NewStore();
        var family = await store.SubmitFamilyAsync(new FamilySubmission(Join(), [Child(), Child(), Child(), Child()]));

        await RunOne(store, "default");

        var events = (await store.GetTaskEventsAsync(family.ParentId))!;
        Assert.Equal([TaskEventTypes.Submitted, TaskEventTypes.ChildFinished], events.Select(e => e.Type));
        Assert.Equal(TaskState.Waiting, events[0].To);
        Assert.Equal(25, events[1].Progress);
        Assert.Equal(TaskState.Waiting, events[1].To);
        await RunOne(store, "default");
        await RunOne(store, "default");
        await RunOne(store, "default");
        var last = (await store.GetTaskEventsAsync(family.ParentId))!.TakeLast(2).ToList();
        Assert.Equal([TaskEventTypes.ChildFinished, TaskEventTypes.Unblocked], last.Select(e => e.Type));
        Assert.Equal(100, last[0].Progress);
        Assert.Equal(TaskState.Pending, last[1].To);
    }

    [Fact]
    public async Task a_parents_children_may_have_children_of_their_own()
    {
        var store = await NewStore();
        var family = await store.SubmitFamilyAsync(new FamilySubmission(Join(), [Child()]));
        var child = Assert.Single((await store.ClaimAsync("default", Silo, 1)).Tasks);
        var grandchildren = await store.SpawnChildrenAsync(new ChildSpawn(child.Id, "default", child.Token, 0, [Child(), Child()]));
        await store.WaitForChildrenAsync([new TaskWait(child.Id, "default", child.Token, null)]);

        Assert.Equal(2, (await store.GetAsync(grandchildren.Ids[0]))!.Depth);
        await RunOne(store, "default");
        await RunOne(store, "default");
        var childJoin = Assert.Single((await store.ClaimAsync("default", Silo, 1)).Tasks);
        Assert.Equal(child.Id, childJoin.Id);
        await store.CompleteAsync([new TaskCompletion(childJoin.Id, "default", childJoin.Token, "2")]);

        Assert.Equal(TaskState.Pending, await StatusOf(store, family.ParentId));
    }
}
