using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Testing;

/// <summary>
/// What every task store remembers of a task's attempts: one entry per attempt that ended, with
/// how it ended, and the running one last. Subclassed once per store.
/// </summary>
public abstract class TaskAttemptHistoryContract : TaskHistoryContractBase
{
    private static TaskAttempt Attempt(int number, string silo, DateTimeOffset startedAt, DateTimeOffset? finishedAt, string outcome, string? error = null) =>
        new() { Number = number, Silo = silo, StartedAt = startedAt, FinishedAt = finishedAt, Outcome = outcome, Error = error };

    [Fact]
    public async Task a_task_not_yet_run_has_no_attempts_and_an_unknown_task_has_no_history_at_all()
    {
        var store = await NewStore();
        var id = (await store.SubmitAsync([Echo()]))[0];

        Assert.Empty((await store.GetAttemptsAsync(id))!);
        Assert.Null(await store.GetAttemptsAsync("no-such-task"));
    }

    [Fact]
    public async Task the_running_attempt_is_listed_with_its_silo_and_start()
    {
        var store = await NewStore();
        var startedAt = Clock.GetUtcNow();
        var claimed = await SubmitAndClaimOne(store);
        Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal([Attempt(1, Silo, startedAt, null, TaskAttemptOutcomes.Running)], (await store.GetAttemptsAsync(claimed.Id))!);
    }

    [Fact]
    public async Task a_succeeded_attempt_is_kept_with_its_finish()
    {
        var store = await NewStore();
        var startedAt = Clock.GetUtcNow();
        var claimed = await SubmitAndClaimOne(store);
        Clock.Advance(TimeSpan.FromMilliseconds(250));

        await Complete(store, claimed);

        Assert.Equal([Attempt(1, Silo, startedAt, Clock.GetUtcNow(), TaskAttemptOutcomes.Succeeded)], (await store.GetAttemptsAsync(claimed.Id))!);
    }

    [Fact]
    public async Task failed_attempts_keep_their_errors_and_the_retry_runs_after_them()
    {
        var store = await NewStore();
        var t0 = Clock.GetUtcNow();
        var first = await SubmitAndClaimOne(store, Echo() with { MaxAttempts = 3, Backoff = TimeSpan.Zero });
        Clock.Advance(TimeSpan.FromSeconds(1));
        await Fail(store, first, "boom 1");
        var t1 = Clock.GetUtcNow();
        var second = Assert.Single((await store.ClaimAsync("default", "silo-b", 1)).Tasks);
        Clock.Advance(TimeSpan.FromSeconds(1));
        await Fail(store, second, "boom 2", retryable: false);

        Assert.Equal([
            Attempt(1, Silo, t0, t1, TaskAttemptOutcomes.Failed, "boom 1"),
            Attempt(2, "silo-b", t1, Clock.GetUtcNow(), TaskAttemptOutcomes.Failed, "boom 2"),
        ], (await store.GetAttemptsAsync(first.Id))!);
    }

    [Fact]
    public async Task an_attempt_past_its_deadline_is_kept_as_timed_out()
    {
        var store = await NewStore();
        var startedAt = Clock.GetUtcNow();
        var claimed = await SubmitAndClaimOne(store, Echo() with { Timeout = TimeSpan.FromSeconds(3), Backoff = TimeSpan.Zero });
        Clock.Advance(TimeSpan.FromSeconds(3));

        await store.ExpireAttemptsAsync("default");

        Assert.Equal([Attempt(1, Silo, startedAt, Clock.GetUtcNow(), TaskAttemptOutcomes.TimedOut, $"Attempt 1 of task '{claimed.Id}' timed out after 3000 ms.")],
            (await store.GetAttemptsAsync(claimed.Id))!);
    }

    [Fact]
    public async Task canceling_a_running_task_ends_its_attempt_as_canceled_and_canceling_a_waiting_one_adds_none()
    {
        var store = await NewStore();
        var startedAt = Clock.GetUtcNow();
        var claimed = await SubmitAndClaimOne(store);
        var waiting = (await store.SubmitAsync([Echo()]))[0];
        Clock.Advance(TimeSpan.FromSeconds(2));

        await store.CancelAsync(claimed.Id);
        await store.CancelAsync(waiting);

        Assert.Equal([Attempt(1, Silo, startedAt, Clock.GetUtcNow(), TaskAttemptOutcomes.Canceled)], (await store.GetAttemptsAsync(claimed.Id))!);
        Assert.Empty((await store.GetAttemptsAsync(waiting))!);
    }

    [Fact]
    public async Task a_dead_silos_attempt_is_kept_as_failed_over_and_its_number_is_run_again()
    {
        var store = await NewStore();
        var startedAt = Clock.GetUtcNow();
        var claimed = await SubmitAndClaimOne(store);
        Clock.Advance(TimeSpan.FromSeconds(5));
        await store.RequeueSiloTasksAsync("default", Silo, maxFailovers: 3);
        var failedOverAt = Clock.GetUtcNow();

        var again = Assert.Single((await store.ClaimAsync("default", "silo-b", 1)).Tasks);

        Assert.Equal(1, again.Attempt);
        Assert.Equal([
            Attempt(1, Silo, startedAt, failedOverAt, TaskAttemptOutcomes.FailedOver),
            Attempt(1, "silo-b", failedOverAt, null, TaskAttemptOutcomes.Running),
        ], (await store.GetAttemptsAsync(claimed.Id))!);
    }

    [Fact]
    public async Task the_attempt_of_a_task_failed_as_poison_is_kept_as_failed_over()
    {
        var store = await NewStore();
        var startedAt = Clock.GetUtcNow();
        var claimed = await SubmitAndClaimOne(store);
        Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(new FailoverResult(0, 1), await store.RequeueSiloTasksAsync("default", Silo, maxFailovers: 0));

        Assert.Equal([Attempt(1, Silo, startedAt, Clock.GetUtcNow(), TaskAttemptOutcomes.FailedOver)], (await store.GetAttemptsAsync(claimed.Id))!);
    }

    [Fact]
    public async Task a_handed_back_attempt_is_kept_as_released()
    {
        var store = await NewStore();
        var startedAt = Clock.GetUtcNow();
        var claimed = await SubmitAndClaimOne(store);
        Clock.Advance(TimeSpan.FromSeconds(1));

        await store.ReleaseAsync([new TaskRelease(claimed.Id, "default", claimed.Token)]);

        Assert.Equal([Attempt(1, Silo, startedAt, Clock.GetUtcNow(), TaskAttemptOutcomes.Released)], (await store.GetAttemptsAsync(claimed.Id))!);
    }

    [Fact]
    public async Task a_retry_on_request_keeps_the_history_and_starts_again_at_attempt_one()
    {
        var store = await NewStore();
        var startedAt = Clock.GetUtcNow();
        var claimed = await SubmitAndClaimOne(store);
        await Fail(store, claimed, "bad input", retryable: false);
        Clock.Advance(TimeSpan.FromMinutes(1));

        await store.RetryAsync(claimed.Id);
        Assert.Single((await store.ClaimAsync("default", "silo-b", 1)).Tasks);

        Assert.Equal([
            Attempt(1, Silo, startedAt, startedAt, TaskAttemptOutcomes.Failed, "bad input"),
            Attempt(1, "silo-b", Clock.GetUtcNow(), null, TaskAttemptOutcomes.Running),
        ], (await store.GetAttemptsAsync(claimed.Id))!);
    }

    [Fact]
    public async Task deleting_a_task_removes_its_attempts()
    {
        var store = await NewStore();
        var claimed = await SubmitAndClaimOne(store, Echo(id: "t-1"));
        await Complete(store, claimed);

        await store.DeleteAsync("t-1");

        Assert.Null(await store.GetAttemptsAsync("t-1"));
        await store.SubmitAsync([Echo(id: "t-1")]);
        Assert.Empty((await store.GetAttemptsAsync("t-1"))!);
    }

    [Fact]
    public async Task only_the_newest_finished_attempts_are_kept_besides_the_running_one()
    {
        var store = await NewStore(new HistoryLimits { MaxAttemptHistory = 2 });
        var id = (await store.SubmitAsync([Echo() with { MaxAttempts = 4, Backoff = TimeSpan.Zero }]))[0];
        for (int attempt = 1; attempt <= 3; attempt++)
        {
            var claimed = Assert.Single((await store.ClaimAsync("default", Silo, 1)).Tasks);
            await Fail(store, claimed, $"boom {attempt}");
            Clock.Advance(TimeSpan.FromMilliseconds(1));
        }
        Assert.Single((await store.ClaimAsync("default", Silo, 1)).Tasks);

        var attempts = (await store.GetAttemptsAsync(id))!;

        Assert.Equal([(2, "boom 2"), (3, "boom 3"), (4, null)], attempts.Select(a => (a.Number, a.Error)));
        Assert.Equal(TaskAttemptOutcomes.Running, attempts[^1].Outcome);
    }
}
