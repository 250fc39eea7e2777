using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Testing;

/// <summary>
/// What every task store does with attempts and tasks once claimed or submitted: completion and
/// failure checked against the fencing token, retries with backoff, timeouts, cancel and progress.
/// Each store's test project subclasses this once.
/// </summary>
public abstract class TaskOutcomeContract : TaskStoreContractBase
{
    [Fact]
    public async Task completing_with_the_current_token_succeeds_and_keeps_the_result()
    {
        var store = await NewStore();
        var claimed = await SubmitAndClaimOne(store);
        Clock.Advance(TimeSpan.FromMilliseconds(250));

        var results = await store.CompleteAsync([new TaskCompletion(claimed.Id, claimed.Queue, claimed.Token, "{\"ok\":true}")]);

        Assert.Equal([OutcomeResult.Accepted], results);
        var task = (await store.GetAsync(claimed.Id))!;
        Assert.Equal(TaskState.Succeeded, task.Status);
        Assert.Equal("{\"ok\":true}", task.Result);
        Assert.Equal(Clock.GetUtcNow(), task.FinishedAt);
    }

    [Fact]
    public async Task a_second_completion_of_a_finished_task_is_rejected()
    {
        var store = await NewStore();
        var claimed = await SubmitAndClaimOne(store);
        var completion = new TaskCompletion(claimed.Id, claimed.Queue, claimed.Token, "1");
        await store.CompleteAsync([completion]);

        Assert.Equal([OutcomeResult.NotRunning], await store.CompleteAsync([completion with { Result = "2" }]));
        Assert.Equal([OutcomeResult.NotRunning], await store.FailAsync([new TaskFailure(claimed.Id, claimed.Queue, claimed.Token, "late")]));
        Assert.Equal("1", (await store.GetAsync(claimed.Id))!.Result);
    }

    [Fact]
    public async Task an_outcome_for_an_unknown_task_is_rejected_as_not_found()
    {
        var store = await NewStore();
        await store.SubmitAsync([Echo()]);

        Assert.Equal([OutcomeResult.NotFound], await store.CompleteAsync([new TaskCompletion("no-such-task", "default", 1, "null")]));
    }

    [Fact]
    public async Task a_completion_with_a_stale_token_loses_to_the_attempt_that_replaced_it()
    {
        var store = await NewStore();
        var first = await SubmitAndClaimOne(store, Echo() with { Timeout = TimeSpan.FromSeconds(5), Backoff = TimeSpan.Zero });
        Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, await store.ExpireAttemptsAsync("default"));
        var second = Assert.Single((await store.ClaimAsync("default", "silo-b", 1)).Tasks);
        Assert.True(second.Token > first.Token);

        var late = await store.CompleteAsync([new TaskCompletion(first.Id, first.Queue, first.Token, "\"zombie\"")]);
        var current = await store.CompleteAsync([new TaskCompletion(second.Id, second.Queue, second.Token, "\"replacement\"")]);

        Assert.Equal([OutcomeResult.StaleToken], late);
        Assert.Equal([OutcomeResult.Accepted], current);
        var task = (await store.GetAsync(first.Id))!;
        Assert.Equal("\"replacement\"", task.Result);
        Assert.Equal(2, task.Attempt);
        Assert.Equal("silo-b", task.Silo);
    }

    [Fact]
    public async Task a_failed_attempt_backs_off_exponentially_and_the_task_fails_after_its_last_attempt()
    {
        var store = await NewStore();
        var id = (await store.SubmitAsync([Echo() with { MaxAttempts = 3, Backoff = TimeSpan.FromSeconds(2) }]))[0];

        for (int attempt = 1; attempt <= 2; attempt++)
        {
            var claimed = Assert.Single((await store.ClaimAsync("default", Silo, 1)).Tasks);
            Assert.Equal(attempt, claimed.Attempt);
            var failedAt = Clock.GetUtcNow();
            Assert.Equal([OutcomeResult.Accepted], await store.FailAsync([new TaskFailure(id, "default", claimed.Token, $"boom {attempt}")]));

            var task = (await store.GetAsync(id))!;
            Assert.Equal(TaskState.Scheduled, task.Status);
            Assert.Equal($"boom {attempt}", task.Error);
            // Equal jitter: between half and all of base × 2^(attempt−1).
            var full = TimeSpan.FromSeconds(2 * Math.Pow(2, attempt - 1));
            Assert.InRange(task.RunAt!.Value - failedAt, full / 2, full);
            Assert.Empty((await store.ClaimAsync("default", Silo, 1)).Tasks);
            Clock.Advance(full);
        }

        var last = Assert.Single((await store.ClaimAsync("default", Silo, 1)).Tasks);
        await store.FailAsync([new TaskFailure(id, "default", last.Token, "boom 3")]);
        var failed = (await store.GetAsync(id))!;
        Assert.Equal(TaskState.Failed, failed.Status);
        Assert.Equal(3, failed.Attempt);
        Assert.Equal("boom 3", failed.Error);
        Assert.Equal(Clock.GetUtcNow(), failed.FinishedAt);
    }

    [Fact]
    public async Task a_failure_with_a_retry_after_longer_than_the_backoff_is_retried_no_sooner_than_it()
    {
        var store = await NewStore();
        var id = (await store.SubmitAsync([Echo() with { MaxAttempts = 3, Backoff = TimeSpan.FromSeconds(1) }]))[0];
        var first = Assert.Single((await store.ClaimAsync("default", Silo, 1)).Tasks);
        var failedAt = Clock.GetUtcNow();

        await store.FailAsync([new TaskFailure(id, "default", first.Token, "503") { RetryAfter = TimeSpan.FromSeconds(30) }]);

        var task = (await store.GetAsync(id))!;
        Assert.Equal(TaskState.Scheduled, task.Status);
        Assert.Equal(failedAt + TimeSpan.FromSeconds(30), task.RunAt);
        Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty((await store.ClaimAsync("default", Silo, 1)).Tasks);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var second = Assert.Single((await store.ClaimAsync("default", Silo, 1)).Tasks);

        // A shorter Retry-After than the backoff leaves the backoff (2 s × equal jitter: 1–2 s) in charge; a huge one is capped like it.
        var retriedAt = Clock.GetUtcNow();
        await store.FailAsync([new TaskFailure(id, "default", second.Token, "429") { RetryAfter = TimeSpan.FromMilliseconds(10) }]);
        Assert.InRange((await store.GetAsync(id))!.RunAt!.Value - retriedAt, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        Clock.Advance(TimeSpan.FromSeconds(2));
        var third = Assert.Single((await store.ClaimAsync("default", Silo, 1)).Tasks);
        await store.FailAsync([new TaskFailure(id, "default", third.Token, "429") { RetryAfter = TimeSpan.FromDays(365) }]);
        Assert.Equal(TaskState.Failed, (await store.GetAsync(id))!.Status);
    }

    [Fact]
    public async Task a_retry_after_is_capped_like_the_backoff()
    {
        var store = await NewStore();
        var claimed = await SubmitAndClaimOne(store, Echo() with { MaxAttempts = 2, Backoff = TimeSpan.Zero });
        var failedAt = Clock.GetUtcNow();

        await store.FailAsync([new TaskFailure(claimed.Id, claimed.Queue, claimed.Token, "429") { RetryAfter = TimeSpan.FromDays(365) }]);

        Assert.Equal(failedAt + TaskLimits.MaxBackoff, (await store.GetAsync(claimed.Id))!.RunAt);
    }

    [Fact]
    public async Task a_non_retryable_failure_ends_the_task_at_once()
    {
        var store = await NewStore();
        var claimed = await SubmitAndClaimOne(store, Echo() with { MaxAttempts = 5 });

        await store.FailAsync([new TaskFailure(claimed.Id, claimed.Queue, claimed.Token, "bad payload", Retryable: false)]);

        var task = (await store.GetAsync(claimed.Id))!;
        Assert.Equal(TaskState.Failed, task.Status);
        Assert.Equal(1, task.Attempt);
    }

    [Fact]
    public async Task an_attempt_past_its_deadline_is_timed_out_and_retried_and_the_last_one_fails_the_task()
    {
        var store = await NewStore();
        var id = (await store.SubmitAsync([Echo() with { MaxAttempts = 2, Timeout = TimeSpan.FromSeconds(3), Backoff = TimeSpan.Zero }]))[0];
        await store.ClaimAsync("default", Silo, 1);

        Clock.Advance(TimeSpan.FromMilliseconds(2999));
        Assert.Equal(0, await store.ExpireAttemptsAsync("default"));
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, await store.ExpireAttemptsAsync("default"));
        Assert.Equal(0, await store.ExpireAttemptsAsync("default"));
        var retried = (await store.GetAsync(id))!;
        Assert.Equal(TaskState.Scheduled, retried.Status);
        Assert.Contains("timed out after 3000 ms", retried.Error);

        Assert.Single((await store.ClaimAsync("default", Silo, 1)).Tasks);
        Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(1, await store.ExpireAttemptsAsync("default"));
        var failed = (await store.GetAsync(id))!;
        Assert.Equal(TaskState.Failed, failed.Status);
        Assert.Equal($"Attempt 2 of task '{id}' timed out after 3000 ms.", failed.Error);
    }

    [Fact]
    public async Task a_task_of_a_type_no_silo_handles_is_not_lost_and_fails_after_its_attempts()
    {
        var store = await NewStore();
        var id = (await store.SubmitAsync([new TaskSubmission { Type = "no-such-handler", MaxAttempts = 2, Backoff = TimeSpan.Zero }]))[0];
        for (int attempt = 1; attempt <= 2; attempt++)
        {
            var claimed = Assert.Single((await store.ClaimAsync("default", Silo, 1)).Tasks);
            Assert.Equal("no-such-handler", claimed.Type);
            await store.FailAsync([new TaskFailure(id, "default", claimed.Token, "No handler for type 'no-such-handler'")]);
        }

        var task = (await store.GetAsync(id))!;
        Assert.Equal(TaskState.Failed, task.Status);
        Assert.Contains("no-such-handler", task.Error);
    }

    [Fact]
    public async Task a_pending_or_scheduled_task_can_be_canceled_and_is_never_claimed()
    {
        var store = await NewStore();
        var ids = await store.SubmitAsync([Echo(), Echo() with { RunAt = Clock.GetUtcNow().AddSeconds(1) }]);

        foreach (string id in ids)
        {
            var canceled = await store.CancelAsync(id);
            Assert.Equal(TaskState.Canceled, canceled.Status);
            Assert.Equal(Clock.GetUtcNow(), canceled.FinishedAt);
        }
        Clock.Advance(TimeSpan.FromSeconds(2));
        var batch = await store.ClaimAsync("default", Silo, 10);
        Assert.Empty(batch.Tasks);
        Assert.Null(batch.NextDueAt);
    }

    [Fact]
    public async Task canceling_a_succeeded_task_is_a_conflict_that_names_the_states()
    {
        var store = await NewStore();
        var claimed = await SubmitAndClaimOne(store);
        await store.CompleteAsync([new TaskCompletion(claimed.Id, claimed.Queue, claimed.Token, "null")]);

        var finished = await Assert.ThrowsAsync<TaskStateConflictException>(() => store.CancelAsync(claimed.Id));

        Assert.Equal(TaskState.Succeeded, finished.Actual);
        Assert.Equal("default", finished.Queue);
        Assert.Equal("cancel", finished.Operation);
        Assert.Equal([TaskState.Pending, TaskState.Scheduled, TaskState.Paused, TaskState.Waiting, TaskState.Running], finished.Expected);
        Assert.Equal(TaskState.Succeeded, (await store.GetAsync(claimed.Id))!.Status);
    }

    [Fact]
    public async Task canceling_an_unknown_task_says_it_does_not_exist()
    {
        var store = await NewStore();
        var error = await Assert.ThrowsAsync<TaskNotFoundException>(() => store.CancelAsync("nope"));
        Assert.Equal("nope", error.TaskId);
        Assert.Null(await store.GetAsync("nope"));
    }

    [Fact]
    public async Task progress_is_kept_for_the_current_attempt_only()
    {
        var store = await NewStore();
        var claimed = await SubmitAndClaimOne(store);

        Assert.Equal(OutcomeResult.Accepted, await store.ReportProgressAsync(new TaskProgress(claimed.Id, claimed.Queue, claimed.Token, 40, "resizing")));
        Assert.Equal(OutcomeResult.StaleToken, await store.ReportProgressAsync(new TaskProgress(claimed.Id, claimed.Queue, claimed.Token - 1, 90, "zombie")));

        var task = (await store.GetAsync(claimed.Id))!;
        Assert.Equal(40, task.Progress);
        Assert.Equal("resizing", task.ProgressMessage);
    }
}
