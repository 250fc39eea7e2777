using System.Collections.Concurrent;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Testing;

/// <summary>
/// How every task store takes work in and hands it out: submission, claims in priority order,
/// delays, listing and which queues' workers a submission may have to wake. Each store's test project subclasses this once; the in-memory
/// store and the Redis store both pass it. <see cref="TaskOutcomeContract"/> covers what happens
/// to a claimed attempt.
/// </summary>
public abstract class TaskStoreContract : TaskStoreContractBase
{
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
    public async Task a_batch_that_one_queue_refuses_stores_nothing_there_and_elsewhere_only_where_batches_are_atomic_per_queue()
    {
        var store = await NewStore();
        await store.SubmitAsync([Echo("b") with { IdempotencyKey = "k" }]);

        await Assert.ThrowsAsync<IdempotencyConflictException>(() =>
            store.SubmitAsync([Echo("a"), Echo("b") with { IdempotencyKey = "k", Payload = "{\"n\":2}" }]));

        Assert.Equal(1, (await store.GetQueueStatsAsync("b")).Counts.Values.Sum());
        Assert.Equal(CrossQueueBatchesAtomic ? 0 : 1, (await store.GetQueueStatsAsync("a")).Counts.Values.Sum());
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

    [Theory]
    [InlineData("order-42")]
    [InlineData(null)]
    public async Task a_task_for_a_grain_keeps_its_target_when_read_and_when_claimed(string? key)
    {
        var store = await NewStore();
        var target = new TaskTarget { Grain = "orders", Key = key };
        var plain = (await store.SubmitAsync([Echo()]))[0];
        var id = (await store.SubmitAsync([Echo() with { Type = "orders", Target = target }]))[0];

        Assert.Equal(target, (await store.GetAsync(id))!.Target);
        var claimed = (await store.ClaimAsync("default", Silo, 10)).Tasks;
        Assert.Equal(target, claimed.Single(t => t.Id == id).Target);
        Assert.Null(claimed.Single(t => t.Id == plain).Target);
        Assert.Null((await store.GetAsync(plain))!.Target);
    }

    [Fact]
    public async Task the_submitters_trace_context_comes_back_on_claim()
    {
        var store = await NewStore();
        const string parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        var plain = (await store.SubmitAsync([Echo()]))[0];
        var traced = (await store.SubmitAsync([Echo() with { TraceParent = parent, TraceState = "congo=t61rcWkgMzE" }]))[0];
        var bare = (await store.SubmitAsync([Echo() with { TraceParent = parent }]))[0];

        var claimed = (await store.ClaimAsync("default", Silo, 10)).Tasks;

        Assert.Equal((parent, "congo=t61rcWkgMzE"), (claimed.Single(t => t.Id == traced).TraceParent, claimed.Single(t => t.Id == traced).TraceState));
        Assert.Equal((parent, (string?)null), (claimed.Single(t => t.Id == bare).TraceParent, claimed.Single(t => t.Id == bare).TraceState));
        Assert.Null(claimed.Single(t => t.Id == plain).TraceParent);
    }

    [Fact]
    public async Task a_claimed_task_says_when_it_became_due()
    {
        var store = await NewStore();
        var created = Clock.GetUtcNow();
        var now = (await store.SubmitAsync([Echo()]))[0];
        var later = (await store.SubmitAsync([Echo() with { RunAt = created.AddSeconds(5) }]))[0];
        Clock.Advance(TimeSpan.FromSeconds(7));

        var claimed = (await store.ClaimAsync("default", Silo, 10)).Tasks;

        Assert.Equal(created, claimed.Single(t => t.Id == now).ReadyAt);
        Assert.Equal(created.AddSeconds(5), claimed.Single(t => t.Id == later).ReadyAt);
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
    public async Task a_submission_names_the_queues_whose_workers_may_be_idle()
    {
        var store = await NewStore();

        Assert.Equal(["a"], (await store.SubmitAsync([Echo("a"), Echo("a")])).IdleQueues);
        Assert.Empty((await store.SubmitAsync([Echo("a")])).IdleQueues); // three Pending: its workers are at it
        Assert.Equal(["b"], (await store.SubmitAsync([Echo("a"), Echo("b")])).IdleQueues);

        await store.ClaimAsync("a", Silo, 10);
        Assert.Equal(["a"], (await store.SubmitAsync([Echo("a")])).IdleQueues); // none Pending again
    }

    [Fact]
    public async Task a_scheduled_submission_makes_its_queue_idle_only_when_due_before_every_task_it_holds()
    {
        var store = await NewStore();
        await store.SubmitAsync([Echo("s")]); // one Pending: a Pending submission would not count as idle
        var now = Clock.GetUtcNow();
        TaskSubmission At(int seconds) => Echo("s") with { RunAt = now.AddSeconds(seconds) };

        Assert.Equal(["s"], (await store.SubmitAsync([At(60)])).IdleQueues); // the first scheduled task
        Assert.Empty((await store.SubmitAsync([At(90)])).IdleQueues);         // due after one held
        Assert.Equal(["s"], (await store.SubmitAsync([At(30)])).IdleQueues); // due before all
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
