using OrleansScheduler.Families;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Testing;

/// <summary>
/// How every task store ends families (DESIGN.md §8): what a child's failure does under fail fast and under
/// collect, that a child counts once whatever retried, timed out or poisoned it, and what canceling, deleting,
/// retiring and retrying a parent do to its children. <see cref="TaskFamilyContract"/> has storing, releasing and
/// spawning. Each store's test project subclasses this once.
/// </summary>
public abstract class TaskFamilyEndingContract : TaskFamilyContractBase
{
    [Fact]
    public async Task a_failed_child_under_fail_fast_fails_the_parent_and_cancels_its_unfinished_siblings()
    {
        var store = await NewStore();
        if (await SubmitAcrossQueues(store, new FamilySubmission(Join(), [Child(n: 1) with { MaxAttempts = 1 }, Child(n: 2), Child("other", 3)], ChildFailurePolicy.FailFast)) is not { } family) return;
        var failing = await ClaimById(store, "default", family.ChildIds[0]);
        var running = await ClaimById(store, "default", family.ChildIds[1]);

        await store.FailAsync([new TaskFailure(failing.Id, "default", failing.Token, "bad input", Retryable: false)]);

        var parent = (await store.GetAsync(family.ParentId))!;
        Assert.Equal(TaskState.Failed, parent.Status);
        Assert.Equal($"Child '{failing.Id}' ended Failed: bad input", parent.Error);
        var sibling = (await store.GetAsync(family.ChildIds[1]))!;
        Assert.Equal(TaskState.Canceled, sibling.Status);
        Assert.Equal($"Canceled: its parent '{family.ParentId}' failed fast after child '{failing.Id}' ended Failed.", sibling.Error);
        Assert.Equal(TaskState.Canceled, await StatusOf(store, family.ChildIds[2]));
        Assert.Equal([OutcomeResult.NotRunning], await store.CompleteAsync([new TaskCompletion(running.Id, "default", running.Token, "2")]));
        Assert.Empty((await store.ClaimAsync("default", Silo, 10)).Tasks);
    }

    [Fact]
    public async Task a_failed_child_under_collect_leaves_the_decision_to_the_join()
    {
        var store = await NewStore();
        var family = await store.SubmitFamilyAsync(new FamilySubmission(Join(), [Child(n: 1) with { MaxAttempts = 1 }, Child(n: 2)]));
        var failing = await ClaimById(store, "default", family.ChildIds[0]);
        await store.FailAsync([new TaskFailure(failing.Id, "default", failing.Token, "bad input", Retryable: false)]);
        Assert.Equal(TaskState.Waiting, await StatusOf(store, family.ParentId));

        await RunOne(store, "default");

        var parent = (await store.GetAsync(family.ParentId))!;
        Assert.Equal(TaskState.Pending, parent.Status);
        Assert.Equal(2, parent.ChildrenFinished);
        Assert.Equal(1, parent.ChildrenFailed);
    }

    [Fact]
    public async Task a_retried_failure_does_not_count_but_a_timed_out_last_attempt_does()
    {
        var store = await NewStore();
        var family = await store.SubmitFamilyAsync(new FamilySubmission(Join(), [Child() with { MaxAttempts = 2, Backoff = TimeSpan.Zero, Timeout = TimeSpan.FromSeconds(5) }]));
        var first = Assert.Single((await store.ClaimAsync("default", Silo, 1)).Tasks);
        await store.FailAsync([new TaskFailure(first.Id, "default", first.Token, "flaky")]);
        Assert.Equal(0, (await store.GetAsync(family.ParentId))!.ChildrenFinished);

        Assert.Single((await store.ClaimAsync("default", Silo, 1)).Tasks);
        Clock.Advance(TimeSpan.FromSeconds(5));
        await store.ExpireAttemptsAsync("default");

        var parent = (await store.GetAsync(family.ParentId))!;
        Assert.Equal(1, parent.ChildrenFinished);
        Assert.Equal(1, parent.ChildrenFailed);
        Assert.Equal(TaskState.Pending, parent.Status);
    }

    [Fact]
    public async Task a_child_counts_once_even_when_it_is_retried_and_finishes_again()
    {
        var store = await NewStore();
        var family = await store.SubmitFamilyAsync(new FamilySubmission(Join(), [Child() with { MaxAttempts = 1 }, Child()]));
        var c0 = await ClaimById(store, "default", family.ChildIds[0]);
        await store.FailAsync([new TaskFailure(c0.Id, "default", c0.Token, "once", Retryable: false)]);
        await store.RetryAsync(c0.Id);

        var rerun = await ClaimById(store, "default", c0.Id);
        await store.CompleteAsync([new TaskCompletion(rerun.Id, "default", rerun.Token, "1")]);

        var parent = (await store.GetAsync(family.ParentId))!;
        Assert.Equal(1, parent.ChildrenFinished);
        Assert.Equal(TaskState.Waiting, parent.Status);
    }

    [Fact]
    public async Task a_poisoned_child_counts_as_failed_for_its_parent()
    {
        var store = await NewStore();
        var family = await store.SubmitFamilyAsync(new FamilySubmission(Join(), [Child()]));
        Assert.Single((await store.ClaimAsync("default", "silo-dead", 1)).Tasks);

        await store.RequeueSiloTasksAsync("default", "silo-dead", maxFailovers: 0);

        var parent = (await store.GetAsync(family.ParentId))!;
        Assert.Equal(1, parent.ChildrenFailed);
        Assert.Equal(TaskState.Pending, parent.Status);
    }

    [Fact]
    public async Task canceling_a_waiting_parent_cancels_its_unfinished_children_in_every_queue()
    {
        var store = await NewStore();
        if (await SubmitAcrossQueues(store, new FamilySubmission(Join(), [Child(), Child("other")])) is not { } family) return;
        await RunOne(store, "default");

        var canceled = await store.CancelAsync(family.ParentId);

        Assert.Equal(TaskState.Canceled, canceled.Status);
        Assert.Equal(TaskState.Succeeded, await StatusOf(store, family.ChildIds[0]));
        var other = (await store.GetAsync(family.ChildIds[1]))!;
        Assert.Equal(TaskState.Canceled, other.Status);
        Assert.Equal($"Canceled with its parent '{family.ParentId}'.", other.Error);
        Assert.Empty((await store.ClaimAsync("other", Silo, 10)).Tasks);
    }

    [Fact]
    public async Task a_cancel_with_a_reason_keeps_it_as_the_error()
    {
        var store = await NewStore();
        var id = (await store.SubmitAsync([Echo()]))[0];

        var canceled = await store.CancelAsync(id, "Canceled: dependency 'fetch' ended Failed.");

        Assert.Equal("Canceled: dependency 'fetch' ended Failed.", canceled.Error);
        Assert.Equal("Canceled: dependency 'fetch' ended Failed.", (await store.GetAsync(id))!.Error);
    }

    [Fact]
    public async Task deleting_a_parent_deletes_its_children_first_and_a_waiting_parent_must_be_canceled_first()
    {
        var store = await NewStore();
        if (await SubmitAcrossQueues(store, new FamilySubmission(Join(), [Child(), Child("other")])) is not { } family) return;

        var refused = await Assert.ThrowsAsync<TaskStateConflictException>(() => store.DeleteAsync(family.ParentId));
        Assert.Equal(TaskState.Waiting, refused.Actual);
        await store.CancelAsync(family.ParentId);
        await store.DeleteAsync(family.ParentId);

        foreach (string id in family.ChildIds.Append(family.ParentId)) Assert.Null(await store.GetAsync(id));
    }

    [Fact]
    public async Task deleting_a_child_that_had_not_run_counts_as_canceled_for_its_parent()
    {
        var store = await NewStore();
        var family = await store.SubmitFamilyAsync(new FamilySubmission(Join(), [Child(), Child()]));
        await RunOne(store, "default");

        await store.DeleteAsync(family.ChildIds[1]);

        var parent = (await store.GetAsync(family.ParentId))!;
        Assert.Equal(TaskState.Pending, parent.Status);
        Assert.Equal(1, parent.ChildrenFailed);
        Assert.Single((await store.GetChildrenAsync(family.ParentId, 0, 10))!.Children);
    }

    [Fact]
    public async Task the_retention_sweep_retires_children_only_with_their_parent()
    {
        var store = await NewStore();
        await store.SetQueueLimitsAsync("default", new QueueLimits { Retention = TimeSpan.FromMinutes(1) });
        await store.SetQueueLimitsAsync("other", new QueueLimits { Retention = TimeSpan.FromMinutes(1) });
        if (await SubmitAcrossQueues(store, new FamilySubmission(Join(), [Child(), Child("other")])) is not { } family) return;
        await RunOne(store, "default");
        await RunOne(store, "other");
        Clock.Advance(TimeSpan.FromMinutes(2));
        await store.SweepFinishedAsync("default");
        await store.SweepFinishedAsync("other");
        Assert.NotNull(await store.GetAsync(family.ChildIds[0]));
        Assert.NotNull(await store.GetAsync(family.ChildIds[1]));

        await RunOne(store, "default"); // the join
        Clock.Advance(TimeSpan.FromMinutes(2));
        await store.SweepFinishedAsync("default");

        foreach (string id in family.ChildIds.Append(family.ParentId)) Assert.Null(await store.GetAsync(id));
    }

    [Fact]
    public async Task a_parent_that_failed_in_its_join_reruns_its_join_when_retried()
    {
        var store = await NewStore();
        var family = await store.SubmitFamilyAsync(new FamilySubmission(Join() with { MaxAttempts = 1 }, [Child()]));
        await RunOne(store, "default");
        var join = Assert.Single((await store.ClaimAsync("default", Silo, 1)).Tasks);
        await store.FailAsync([new TaskFailure(join.Id, "default", join.Token, "reduce failed", Retryable: false)]);

        await store.RetryAsync(family.ParentId);

        var again = Assert.Single((await store.ClaimAsync("default", Silo, 1)).Tasks);
        Assert.Equal(family.ParentId, again.Id);
        Assert.True(again.IsJoin);
    }
}
