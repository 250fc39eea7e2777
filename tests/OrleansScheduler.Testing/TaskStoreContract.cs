using System.Collections.Concurrent;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Testing;

/// <summary>
/// The behaviour every task store must have. Each store's test project subclasses this once;
/// the in-memory store and the Redis store both pass it. Every test gets a fresh, empty store on
/// a fake clock that moves only when the test advances it.
/// </summary>
public abstract class TaskStoreContract
{
    protected const string Silo = "silo-a";
    protected FakeTimeProvider Clock { get; } = new();

    /// <summary>A fresh, empty store that reads time from <paramref name="clock"/>.</summary>
    protected abstract Task<ITaskStore> CreateStoreAsync(TimeProvider clock);

    private Task<ITaskStore> NewStore() => CreateStoreAsync(Clock);

    private static TaskSubmission Echo(string queue = "default", int priority = 0, string? id = null) =>
        new() { Type = "echo", Queue = queue, Priority = priority, Payload = "{\"n\":1}", Id = id };

    private async Task<ClaimedTask> SubmitAndClaimOne(ITaskStore store, TaskSubmission? spec = null)
    {
        await store.SubmitAsync([spec ?? Echo()]);
        var batch = await store.ClaimAsync((spec ?? Echo()).Queue, Silo, 1);
        return Assert.Single(batch.Tasks);
    }

    [Fact]
    public async Task submitted_tasks_get_ids_in_order_and_are_pending()
    {
        var store = await NewStore();
        var ids = await store.SubmitAsync([Echo(), Echo(), Echo()]);

        Assert.Equal(3, ids.Distinct().Count());
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        var task = await store.GetAsync(ids[0]);
        Assert.NotNull(task);
        Assert.Equal(TaskState.Pending, task.Status);
        Assert.Equal("{\"n\":1}", task.Payload);
        Assert.Equal(0, task.Attempt);
        Assert.Equal(Clock.GetUtcNow(), task.CreatedAt);
    }

    [Fact]
    public async Task a_client_chosen_id_is_kept_and_a_taken_one_stores_nothing()
    {
        var store = await NewStore();
        Assert.Equal(["order-42"], await store.SubmitAsync([Echo(id: "order-42")]));

        var error = await Assert.ThrowsAsync<TaskAlreadyExistsException>(() => store.SubmitAsync([Echo(id: "fresh-1"), Echo(queue: "other", id: "order-42")]));

        Assert.Equal("order-42", error.TaskId);
        Assert.Null(await store.GetAsync("fresh-1"));
    }

    [Fact]
    public async Task an_invalid_submission_is_refused_and_nothing_of_its_batch_is_stored()
    {
        var store = await NewStore();
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            store.SubmitAsync([Echo(id: "good-1"), Echo() with { Priority = 5000 }, Echo() with { Queue = "bad queue" }]));

        Assert.Contains("tasks[1].priority", error.Message);
        Assert.Contains("tasks[2].queue", error.Message);
        Assert.Null(await store.GetAsync("good-1"));
        Assert.Empty((await store.ListAsync(new TaskQuery())).Tasks);
    }

    [Fact]
    public async Task a_batch_across_queues_is_stored_whole()
    {
        var store = await NewStore();
        var ids = await store.SubmitAsync([Echo("a"), Echo("b"), Echo("a")]);

        Assert.Equal(["a", "b", "a"], await Task.WhenAll(ids.Select(async id => (await store.GetAsync(id))!.Queue)));
        Assert.Equal(["a", "b"], await store.ListQueuesAsync());
    }

    [Fact]
    public async Task claims_take_the_highest_priority_first_and_submission_order_within_a_priority()
    {
        var store = await NewStore();
        var ids = await store.SubmitAsync([Echo(priority: 0), Echo(priority: 5), Echo(priority: -3), Echo(priority: 5), Echo(priority: 0)]);

        var claimed = (await store.ClaimAsync("default", Silo, 10)).Tasks.Select(t => t.Id);

        Assert.Equal([ids[1], ids[3], ids[0], ids[4], ids[2]], claimed);
    }

    [Fact]
    public async Task a_claim_takes_at_most_the_batch_size_and_each_task_once()
    {
        var store = await NewStore();
        await store.SubmitAsync(Enumerable.Range(0, 7).Select(_ => Echo()).ToList());

        var first = await store.ClaimAsync("default", Silo, 5);
        var second = await store.ClaimAsync("default", Silo, 5);
        var third = await store.ClaimAsync("default", Silo, 5);

        Assert.Equal(5, first.Tasks.Count);
        Assert.Equal(2, second.Tasks.Count);
        Assert.Empty(third.Tasks);
        Assert.Equal(7, first.Tasks.Concat(second.Tasks).Select(t => t.Id).Distinct().Count());
    }

    [Fact]
    public async Task a_claimed_task_is_running_with_its_attempt_token_silo_and_deadline()
    {
        var store = await NewStore();
        var claimed = await SubmitAndClaimOne(store, Echo() with { Timeout = TimeSpan.FromSeconds(7), MaxAttempts = 4 });

        Assert.Equal(1, claimed.Attempt);
        Assert.Equal(4, claimed.MaxAttempts);
        Assert.Equal("echo", claimed.Type);
        Assert.Equal(Clock.GetUtcNow() + TimeSpan.FromSeconds(7), claimed.Deadline);
        var task = (await store.GetAsync(claimed.Id))!;
        Assert.Equal(TaskState.Running, task.Status);
        Assert.Equal(Silo, task.Silo);
        Assert.Equal(claimed.Token, task.Token);
        Assert.Equal(Clock.GetUtcNow(), task.StartedAt);
    }

    [Fact]
    public async Task a_delayed_task_is_scheduled_until_due_and_the_claim_says_when()
    {
        var store = await NewStore();
        var runAt = Clock.GetUtcNow().AddSeconds(10);
        var id = (await store.SubmitAsync([Echo() with { RunAt = runAt }]))[0];

        var early = await store.ClaimAsync("default", Silo, 10);
        Assert.Empty(early.Tasks);
        Assert.Equal(runAt, early.NextDueAt);
        Assert.Equal(TaskState.Scheduled, (await store.GetAsync(id))!.Status);

        Clock.Advance(TimeSpan.FromSeconds(10));
        var due = await store.ClaimAsync("default", Silo, 10);
        Assert.Equal(id, Assert.Single(due.Tasks).Id);
        Assert.Null(due.NextDueAt);
    }

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
    public async Task canceling_a_running_or_finished_task_is_a_conflict_that_names_the_states()
    {
        var store = await NewStore();
        var claimed = await SubmitAndClaimOne(store);

        var running = await Assert.ThrowsAsync<TaskStateConflictException>(() => store.CancelAsync(claimed.Id));
        Assert.Equal(TaskState.Running, running.Actual);
        Assert.Equal("default", running.Queue);
        Assert.Contains(TaskState.Pending, running.Expected);

        await store.CompleteAsync([new TaskCompletion(claimed.Id, claimed.Queue, claimed.Token, "null")]);
        var finished = await Assert.ThrowsAsync<TaskStateConflictException>(() => store.CancelAsync(claimed.Id));
        Assert.Equal(TaskState.Succeeded, finished.Actual);
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

    [Fact]
    public async Task listing_pages_through_every_task_once_with_filters()
    {
        var store = await NewStore();
        var a = await store.SubmitAsync(Enumerable.Range(0, 5).Select(_ => Echo("a")).ToList());
        var b = await store.SubmitAsync(Enumerable.Range(0, 4).Select(_ => Echo("b") with { Type = "sleep" }).ToList());
        await store.ClaimAsync("a", Silo, 2);

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await store.ListAsync(new TaskQuery { Limit = 2, Cursor = cursor });
            Assert.InRange(page.Tasks.Count, 0, 2);
            seen.AddRange(page.Tasks.Select(t => t.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(a.Concat(b), seen);
        Assert.Equal(a.Skip(2), (await store.ListAsync(new TaskQuery { Queue = "a", Status = TaskState.Pending })).Tasks.Select(t => t.Id));
        Assert.Equal(b, (await store.ListAsync(new TaskQuery { Type = "sleep" })).Tasks.Select(t => t.Id));
        Assert.Empty((await store.ListAsync(new TaskQuery { Queue = "b", Status = TaskState.Running })).Tasks);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task a_page_limit_outside_1_to_1000_is_refused(int limit)
    {
        var store = await NewStore();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListAsync(new TaskQuery { Limit = limit }));
    }

    [Fact]
    public async Task a_cursor_no_listing_returned_is_refused()
    {
        var store = await NewStore();
        await store.SubmitAsync([Echo()]);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.ListAsync(new TaskQuery { Cursor = "bm9zbGFzaA" }));
        Assert.Contains("cursor", error.Message);
    }

    [Fact]
    public async Task subscribing_to_a_queue_does_not_create_it()
    {
        var store = await NewStore();
        await using var subscription = await store.SubscribeToWorkAsync("only-watched", () => { });
        await store.SubmitAsync([Echo("real")]);

        Assert.Equal(["real"], await store.ListQueuesAsync());
    }

    [Fact]
    public async Task a_subscriber_is_woken_when_work_is_submitted_to_its_queue()
    {
        var store = await NewStore();
        var woken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = await store.SubscribeToWorkAsync("wake-me", () => woken.TrySetResult());

        await store.SubmitAsync([Echo("wake-me")]);

        await woken.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task concurrent_claimers_never_get_the_same_task()
    {
        var store = await NewStore();
        const int total = 2000;
        for (int i = 0; i < total; i += 500)
            await store.SubmitAsync(Enumerable.Range(0, 500).Select(_ => Echo()).ToList());
        var claims = new ConcurrentBag<string>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            while (true)
            {
                var batch = await store.ClaimAsync("default", $"silo-{worker}", 1 + worker * 7);
                if (batch.Tasks.Count == 0) return;
                foreach (var task in batch.Tasks) claims.Add(task.Id);
            }
        })));

        Assert.Equal(total, claims.Count);
        Assert.Equal(total, claims.Distinct().Count());
    }
}
