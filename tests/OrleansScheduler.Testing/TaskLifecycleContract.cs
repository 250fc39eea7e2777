using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Testing;

/// <summary>
/// What every task store does when people manage tasks: cancel running work, pause and resume,
/// retry, delete, idempotent submission and the dead-letter listing. Subclassed once per store.
/// </summary>
public abstract class TaskLifecycleContract : TaskStoreContractBase
{
    [Fact]
    public async Task canceling_a_running_task_ends_it_at_once_and_rejects_its_outcome()
    {
        var store = await NewStore();
        var claimed = await SubmitAndClaimOne(store);

        var canceled = await store.CancelAsync(claimed.Id);

        Assert.Equal(TaskState.Canceled, canceled.Status);
        Assert.Equal(Clock.GetUtcNow(), canceled.FinishedAt);
        Assert.Equal([OutcomeResult.NotRunning], await store.CompleteAsync([new TaskCompletion(claimed.Id, claimed.Queue, claimed.Token, "\"late\"")]));
        Assert.Equal(0, await store.ExpireAttemptsAsync("default"));
        Assert.Equal(TaskState.Canceled, (await store.GetAsync(claimed.Id))!.Status);
    }

    [Fact]
    public async Task a_silo_finds_the_attempts_it_holds_that_are_no_longer_current()
    {
        var store = await NewStore();
        await store.SubmitAsync([Echo(), Echo(), Echo()]);
        var claimed = (await store.ClaimAsync("default", Silo, 3)).Tasks;
        await store.CancelAsync(claimed[0].Id);
        Clock.Advance(TimeSpan.FromMilliseconds(1));

        var stale = await store.FindStaleAttemptsAsync([
            .. claimed.Select(t => new TaskRelease(t.Id, t.Queue, t.Token)),
            new TaskRelease(claimed[1].Id, "default", claimed[1].Token - 1),
            new TaskRelease("gone", "default", 1),
        ]);

        // Canceled, a token that was replaced, and a task that does not exist, in input order; the
        // current attempts are not stale, even the one that shares its task with a stale one.
        Assert.Equal([
            new TaskRelease(claimed[0].Id, "default", claimed[0].Token),
            new TaskRelease(claimed[1].Id, "default", claimed[1].Token - 1),
            new TaskRelease("gone", "default", 1),
        ], stale);
    }

    [Fact]
    public async Task canceling_a_finished_task_is_a_conflict()
    {
        var store = await NewStore();
        var claimed = await SubmitAndClaimOne(store);
        await store.FailAsync([new TaskFailure(claimed.Id, claimed.Queue, claimed.Token, "boom", Retryable: false)]);

        var error = await Assert.ThrowsAsync<TaskStateConflictException>(() => store.CancelAsync(claimed.Id));
        Assert.Equal(TaskState.Failed, error.Actual);
    }

    [Fact]
    public async Task a_paused_task_is_not_claimed_until_it_is_resumed()
    {
        var store = await NewStore();
        var id = (await store.SubmitAsync([Echo()]))[0];

        Assert.Equal(TaskState.Paused, (await store.PauseAsync(id)).Status);
        Assert.Empty((await store.ClaimAsync("default", Silo, 10)).Tasks);
        Assert.Equal(TaskState.Pending, (await store.ResumeAsync(id)).Status);
        Assert.Equal(id, Assert.Single((await store.ClaimAsync("default", Silo, 10)).Tasks).Id);
    }

    [Fact]
    public async Task a_paused_scheduled_task_keeps_its_time_and_resumes_as_scheduled_or_pending()
    {
        var store = await NewStore();
        var runAt = Clock.GetUtcNow().AddSeconds(10);
        var ids = await store.SubmitAsync([Echo() with { RunAt = runAt }, Echo() with { RunAt = runAt }]);
        await store.PauseAsync(ids[0]);
        await store.PauseAsync(ids[1]);

        var early = await store.ResumeAsync(ids[0]);
        Assert.Equal(TaskState.Scheduled, early.Status);
        Assert.Equal(runAt, early.RunAt);
        Clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(TaskState.Pending, (await store.ResumeAsync(ids[1])).Status);
        Assert.Equal(2, (await store.ClaimAsync("default", Silo, 10)).Tasks.Count);
    }

    [Fact]
    public async Task pausing_or_resuming_in_the_wrong_state_is_a_conflict_that_names_it()
    {
        var store = await NewStore();
        var claimed = await SubmitAndClaimOne(store);
        var pending = (await store.SubmitAsync([Echo()]))[0];

        var pause = await Assert.ThrowsAsync<TaskStateConflictException>(() => store.PauseAsync(claimed.Id));
        Assert.Equal(TaskState.Running, pause.Actual);
        Assert.Equal([TaskState.Pending, TaskState.Scheduled], pause.Expected);
        var resume = await Assert.ThrowsAsync<TaskStateConflictException>(() => store.ResumeAsync(pending));
        Assert.Equal(TaskState.Pending, resume.Actual);
        await Assert.ThrowsAsync<TaskNotFoundException>(() => store.PauseAsync("nope"));
    }

    [Fact]
    public async Task a_failed_or_canceled_task_runs_again_when_retried_with_its_attempts_reset()
    {
        var store = await NewStore();
        var claimed = await SubmitAndClaimOne(store, Echo() with { MaxAttempts = 1 });
        await store.FailAsync([new TaskFailure(claimed.Id, claimed.Queue, claimed.Token, "boom")]);
        var canceled = (await store.SubmitAsync([Echo()]))[0];
        await store.CancelAsync(canceled);

        var retried = await store.RetryAsync(claimed.Id);
        Assert.Equal(TaskState.Pending, retried.Status);
        Assert.Equal(0, retried.Attempt);
        Assert.Null(retried.FinishedAt);
        Assert.Equal("boom", retried.Error);
        Assert.Equal(TaskState.Pending, (await store.RetryAsync(canceled)).Status);

        var again = (await store.ClaimAsync("default", Silo, 10)).Tasks;
        Assert.Equal(new[] { claimed.Id, canceled }.Order(StringComparer.Ordinal), again.Select(t => t.Id).Order(StringComparer.Ordinal));
        Assert.All(again, t => Assert.Equal(1, t.Attempt));
        var conflict = await Assert.ThrowsAsync<TaskStateConflictException>(() => store.RetryAsync(claimed.Id));
        Assert.Equal(TaskState.Running, conflict.Actual);
    }

    [Fact]
    public async Task a_deleted_task_is_gone_everywhere_and_a_running_one_must_be_canceled_first()
    {
        var store = await NewStore();
        var running = await SubmitAndClaimOne(store);
        var ids = await store.SubmitAsync([Echo(), Echo() with { RunAt = Clock.GetUtcNow().AddSeconds(5) }]);

        foreach (string id in ids) Assert.Equal(id, (await store.DeleteAsync(id)).Id);
        var conflict = await Assert.ThrowsAsync<TaskStateConflictException>(() => store.DeleteAsync(running.Id));
        Assert.Equal(TaskState.Running, conflict.Actual);
        await store.CancelAsync(running.Id);
        await store.DeleteAsync(running.Id);

        foreach (string id in ids.Append(running.Id)) Assert.Null(await store.GetAsync(id));
        Assert.Empty((await store.ListAsync(new TaskQuery())).Tasks);
        Clock.Advance(TimeSpan.FromSeconds(6));
        var batch = await store.ClaimAsync("default", Silo, 10);
        Assert.Empty(batch.Tasks);
        Assert.Null(batch.NextDueAt);
        await Assert.ThrowsAsync<TaskNotFoundException>(() => store.DeleteAsync(ids[0]));
    }

    [Fact]
    public async Task the_same_idempotency_key_returns_the_first_task_and_stores_nothing_new()
    {
        var store = await NewStore();
        var first = (await store.SubmitAsync([Echo() with { IdempotencyKey = "order-7" }]))[0];

        var again = await store.SubmitAsync([Echo() with { IdempotencyKey = "order-7" }, Echo()]);

        Assert.Equal(first, again[0]);
        Assert.NotEqual(first, again[1]);
        Assert.Equal(2, (await store.ListAsync(new TaskQuery())).Tasks.Count);
        var otherQueue = (await store.SubmitAsync([Echo("other") with { IdempotencyKey = "order-7" }]))[0];
        Assert.NotEqual(first, otherQueue);
    }

    [Fact]
    public async Task a_different_payload_under_a_known_key_is_refused_and_stores_nothing()
    {
        var store = await NewStore();
        var first = (await store.SubmitAsync([Echo() with { IdempotencyKey = "order-7" }]))[0];

        var error = await Assert.ThrowsAsync<IdempotencyConflictException>(() =>
            store.SubmitAsync([Echo(id: "fresh-2"), Echo() with { IdempotencyKey = "order-7", Payload = "{\"n\":2}" }]));

        Assert.Equal(first, error.ExistingTaskId);
        Assert.Equal("order-7", error.Key);
        Assert.Null(await store.GetAsync("fresh-2"));
    }

    [Fact]
    public async Task an_idempotency_key_is_forgotten_after_its_window()
    {
        var store = await NewStore();
        var first = (await store.SubmitAsync([Echo() with { IdempotencyKey = "k" }]))[0];
        Clock.Advance(TaskLimits.DefaultIdempotencyWindow);
        Assert.Equal(first, (await store.SubmitAsync([Echo() with { IdempotencyKey = "k" }]))[0]);

        Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.NotEqual(first, (await store.SubmitAsync([Echo() with { IdempotencyKey = "k", Payload = "{\"n\":3}" }]))[0]);
    }

    [Fact]
    public async Task deleting_an_old_task_keeps_the_key_a_newer_task_took_after_the_window()
    {
        var store = await NewStore();
        var old = (await store.SubmitAsync([Echo() with { IdempotencyKey = "k" }]))[0];
        Clock.Advance(TaskLimits.DefaultIdempotencyWindow + TimeSpan.FromMilliseconds(1));
        var newer = (await store.SubmitAsync([Echo() with { IdempotencyKey = "k" }]))[0];

        await store.DeleteAsync(old);

        Assert.Equal(newer, (await store.SubmitAsync([Echo() with { IdempotencyKey = "k" }]))[0]);
    }

    [Fact]
    public async Task deleting_a_task_forgets_its_idempotency_key()
    {
        var store = await NewStore();
        var first = (await store.SubmitAsync([Echo() with { IdempotencyKey = "k" }]))[0];

        await store.DeleteAsync(first);

        Assert.NotEqual(first, (await store.SubmitAsync([Echo() with { IdempotencyKey = "k" }]))[0]);
    }

    [Fact]
    public async Task a_paused_queue_hands_out_nothing_until_resumed_while_other_queues_go_on()
    {
        var store = await NewStore();
        var ids = await store.SubmitAsync([Echo(priority: 1), Echo(), Echo("other")]);
        var running = Assert.Single((await store.ClaimAsync("default", Silo, 1)).Tasks);

        await store.SetQueuePausedAsync("default", true);
        await store.SetQueuePausedAsync("default", true);

        Assert.Equal(["default"], await store.ListPausedQueuesAsync());
        Assert.Empty((await store.ClaimAsync("default", Silo, 10)).Tasks);
        Assert.Single((await store.ClaimAsync("other", Silo, 10)).Tasks);
        Assert.Equal([OutcomeResult.Accepted], await store.CompleteAsync([new TaskCompletion(running.Id, "default", running.Token, "null")]));

        await store.SetQueuePausedAsync("default", false);
        Assert.Empty(await store.ListPausedQueuesAsync());
        Assert.Equal(ids[1], Assert.Single((await store.ClaimAsync("default", Silo, 10)).Tasks).Id);
    }

    [Fact]
    public async Task a_queue_can_be_paused_before_its_first_task()
    {
        var store = await NewStore();
        await store.SetQueuePausedAsync("later", true);

        Assert.Contains("later", await store.ListQueuesAsync());
        await store.SubmitAsync([Echo("later")]);
        Assert.Empty((await store.ClaimAsync("later", Silo, 10)).Tasks);
        await Assert.ThrowsAsync<ArgumentException>(() => store.SetQueuePausedAsync("bad queue", true));
    }

    [Fact]
    public async Task failed_tasks_of_a_queue_are_listed_as_its_dead_letters_with_their_last_error()
    {
        var store = await NewStore();
        await store.SubmitAsync([Echo(), Echo(), Echo("other")]);
        var claimed = (await store.ClaimAsync("default", Silo, 2)).Tasks;
        await store.FailAsync([new TaskFailure(claimed[0].Id, "default", claimed[0].Token, "bad input", Retryable: false)]);
        var other = Assert.Single((await store.ClaimAsync("other", Silo, 1)).Tasks);
        await store.FailAsync([new TaskFailure(other.Id, "other", other.Token, "elsewhere", Retryable: false)]);

        var dead = (await store.ListAsync(new TaskQuery { Queue = "default", Status = TaskState.Failed })).Tasks;

        Assert.Equal(claimed[0].Id, Assert.Single(dead).Id);
        Assert.Equal("bad input", dead[0].Error);
    }
}
