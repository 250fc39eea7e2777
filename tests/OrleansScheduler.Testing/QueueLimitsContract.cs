using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Testing;

/// <summary>
/// What every task store does with a queue's limits: stores them whole after validation, and holds
/// every claimer to the concurrency cap and the rate's token bucket. Subclassed once per store.
/// </summary>
public abstract class QueueLimitsContract : TaskHistoryContractBase
{
    private async Task<ITaskStore> StoreWith(QueueLimits limits, int pending)
    {
        var store = await NewStore();
        await store.SetQueueLimitsAsync("default", limits);
        if (pending > 0) await store.SubmitAsync([.. Enumerable.Range(0, pending).Select(_ => Echo())]);
        return store;
    }

    private static async Task<int> Claim(ITaskStore store, int max = 100, string silo = Silo) =>
        (await store.ClaimAsync("default", silo, max)).Tasks.Count;

    private static async Task<int> Running(ITaskStore store) =>
        (await store.ListAsync(new TaskQuery { Queue = "default", Status = TaskState.Running })).Tasks.Count;

    [Fact]
    public async Task invalid_limits_are_refused_with_every_reason_and_nothing_is_stored()
    {
        var store = await NewStore();
        var bad = new QueueLimits { MaxConcurrency = 0, RatePerSecond = -1, Retention = TimeSpan.Zero };

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => store.SetQueueLimitsAsync("limited", bad));

        Assert.Equal(3, bad.Validate().Count);
        Assert.All(bad.Validate(), e => Assert.Contains(e.Message, error.Message));
        Assert.Equal(QueueLimits.None, await store.GetQueueLimitsAsync("limited"));
        Assert.DoesNotContain("limited", await store.ListQueuesAsync());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.SetQueueLimitsAsync("bad queue", QueueLimits.None));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.GetQueueLimitsAsync("bad queue"));
    }

    [Fact]
    public async Task limits_are_stored_whole_replaced_whole_and_list_the_queue()
    {
        var store = await NewStore();
        Assert.Equal(QueueLimits.None, await store.GetQueueLimitsAsync("limited"));
        var all = new QueueLimits { MaxConcurrency = 5, RatePerSecond = 2.5, Retention = TimeSpan.FromHours(2) };

        await store.SetQueueLimitsAsync("limited", all);
        Assert.Equal(all, await store.GetQueueLimitsAsync("limited"));
        Assert.Contains("limited", await store.ListQueuesAsync());

        var some = new QueueLimits { RatePerSecond = 0.5 };
        await store.SetQueueLimitsAsync("limited", some);
        await store.SetQueueLimitsAsync("limited", some);
        Assert.Equal(some, await store.GetQueueLimitsAsync("limited"));

        await store.SetQueueLimitsAsync("limited", QueueLimits.None);
        Assert.Equal(QueueLimits.None, await store.GetQueueLimitsAsync("limited"));
    }

    [Fact]
    public async Task no_more_tasks_run_at_once_than_the_concurrency_limit_however_many_claim_together()
    {
        var store = await StoreWith(new QueueLimits { MaxConcurrency = 5 }, pending: 30);

        var claims = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => store.ClaimAsync("default", $"silo-{i}.a", 2)));

        var claimed = claims.SelectMany(c => c.Tasks).ToList();
        Assert.Equal(5, claimed.Count);
        Assert.Equal(5, await Running(store));
        Assert.Equal(0, await Claim(store));

        foreach (var task in claimed.Take(2)) await Complete(store, task);
        var more = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => store.ClaimAsync("default", $"silo-{i}.a", 2)));
        Assert.Equal(2, more.Sum(c => c.Tasks.Count));
        Assert.Equal(5, await Running(store));
    }

    [Fact]
    public async Task a_completion_in_a_queue_at_its_concurrency_limit_frees_its_slot_for_the_next_claim()
    {
        var store = await StoreWith(new QueueLimits { MaxConcurrency = 1 }, pending: 2);
        var running = (await store.ClaimAsync("default", Silo, 10)).Tasks.Single();
        Assert.Equal(0, await Claim(store));

        await Complete(store, running);

        Assert.Equal(1, await Claim(store));
    }

    [Fact]
    public async Task canceling_a_running_task_in_a_queue_at_its_concurrency_limit_frees_its_slot_for_the_next_claim()
    {
        var store = await StoreWith(new QueueLimits { MaxConcurrency = 1 }, pending: 2);
        var running = (await store.ClaimAsync("default", Silo, 10)).Tasks.Single();
        Assert.Equal(0, await Claim(store));

        await store.CancelAsync(running.Id);

        Assert.Equal(1, await Claim(store));
    }

    [Fact]
    public async Task attempts_already_running_count_against_a_concurrency_limit_set_later()
    {
        var store = await NewStore();
        await store.SubmitAsync([Echo(), Echo(), Echo(), Echo()]);
        var running = (await store.ClaimAsync("default", Silo, 3)).Tasks;

        await store.SetQueueLimitsAsync("default", new QueueLimits { MaxConcurrency = 2 });
        Assert.Equal(0, await Claim(store));
        await Complete(store, running[0]);
        Assert.Equal(0, await Claim(store));
        await Fail(store, running[1], retryable: false);

        Assert.Equal(1, await Claim(store));
    }

    [Fact]
    public async Task the_rate_bucket_starts_full_and_says_when_its_next_token_is_due()
    {
        var store = await StoreWith(new QueueLimits { RatePerSecond = 2 }, pending: 10);

        Assert.Equal(2, await Claim(store));
        var held = await store.ClaimAsync("default", Silo, 100);

        Assert.Empty(held.Tasks);
        Assert.Equal(Clock.GetUtcNow().AddMilliseconds(500), held.NextDueAt);
        Clock.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(Clock.GetUtcNow().AddMilliseconds(250), (await store.ClaimAsync("default", Silo, 100)).NextDueAt);
        Clock.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(1, await Claim(store));
    }

    [Fact]
    public async Task the_rate_bucket_refills_continuously_up_to_its_capacity()
    {
        var store = await StoreWith(new QueueLimits { RatePerSecond = 2 }, pending: 20);
        Assert.Equal(2, await Claim(store));

        Clock.Advance(TimeSpan.FromMilliseconds(750));
        Assert.Equal(1, await Claim(store));
        Assert.Equal(Clock.GetUtcNow().AddMilliseconds(250), (await store.ClaimAsync("default", Silo, 100)).NextDueAt);

        Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(2, await Claim(store));
    }

    [Fact]
    public async Task a_rate_below_one_per_second_still_allows_one_start_at_a_time()
    {
        var store = await StoreWith(new QueueLimits { RatePerSecond = 0.5 }, pending: 5);

        Assert.Equal(1, await Claim(store));
        Assert.Equal(Clock.GetUtcNow().AddSeconds(2), (await store.ClaimAsync("default", Silo, 100)).NextDueAt);
        Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, await Claim(store));
    }

    [Fact]
    public async Task each_task_claimed_spends_one_token_and_a_claim_with_nothing_ready_spends_none()
    {
        var store = await StoreWith(new QueueLimits { RatePerSecond = 3 }, pending: 0);
        Assert.Equal(0, await Claim(store));

        await store.SubmitAsync([Echo()]);
        Assert.Equal(1, await Claim(store));
        await store.SubmitAsync([Echo(), Echo(), Echo()]);
        var batch = await store.ClaimAsync("default", Silo, 100);

        Assert.Equal(2, batch.Tasks.Count);
        // A third of a second to the next token, to the millisecond.
        Assert.InRange(batch.NextDueAt!.Value - Clock.GetUtcNow(), TimeSpan.FromMilliseconds(333), TimeSpan.FromMilliseconds(334));
    }

    [Fact]
    public async Task a_bucket_that_held_nothing_back_leaves_the_next_due_time_to_the_schedule()
    {
        var store = await StoreWith(new QueueLimits { RatePerSecond = 2 }, pending: 2);
        var runAt = Clock.GetUtcNow().AddSeconds(30);
        await store.SubmitAsync([Echo() with { RunAt = runAt }]);

        var batch = await store.ClaimAsync("default", Silo, 100);

        Assert.Equal(2, batch.Tasks.Count);
        Assert.Equal(runAt, batch.NextDueAt);
    }

    [Fact]
    public async Task the_next_due_time_is_the_earlier_of_the_next_token_and_the_next_scheduled_task()
    {
        var store = await StoreWith(new QueueLimits { RatePerSecond = 1 }, pending: 3);
        var soon = Clock.GetUtcNow().AddMilliseconds(100);
        await store.SubmitAsync([Echo() with { RunAt = soon }]);

        Assert.Equal(1, await Claim(store));
        Assert.Equal(soon, (await store.ClaimAsync("default", Silo, 100)).NextDueAt);
        Clock.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(Clock.GetUtcNow().AddMilliseconds(750), (await store.ClaimAsync("default", Silo, 100)).NextDueAt);
    }

    [Fact]
    public async Task concurrency_and_rate_hold_together_and_the_tighter_wins()
    {
        var store = await StoreWith(new QueueLimits { MaxConcurrency = 3, RatePerSecond = 2 }, pending: 10);

        Assert.Equal(2, await Claim(store));
        Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, await Claim(store));
        Assert.Equal(3, await Running(store));
    }

    [Fact]
    public async Task tokens_earned_before_a_rate_change_count_at_the_old_rate()
    {
        var store = await StoreWith(new QueueLimits { RatePerSecond = 1 }, pending: 10);
        Assert.Equal(1, await Claim(store));

        Clock.Advance(TimeSpan.FromMilliseconds(500));        // half a token at 1/s
        await store.SetQueueLimitsAsync("default", new QueueLimits { RatePerSecond = 2 });
        Clock.Advance(TimeSpan.FromMilliseconds(500));        // one more at 2/s: 1.5 in all, not 2

        Assert.Equal(1, await Claim(store));
    }

    [Fact]
    public async Task changing_the_rate_keeps_the_tokens_left()
    {
        var store = await StoreWith(new QueueLimits { RatePerSecond = 10 }, pending: 20);
        Assert.Equal(9, await Claim(store, max: 9));

        await store.SetQueueLimitsAsync("default", new QueueLimits { RatePerSecond = 3 });

        Assert.Equal(1, await Claim(store));
    }

    [Fact]
    public async Task lowering_the_rate_clamps_the_tokens_to_the_new_capacity()
    {
        var store = await StoreWith(new QueueLimits { RatePerSecond = 10 }, pending: 20);
        Assert.Equal(2, await Claim(store, max: 2));

        await store.SetQueueLimitsAsync("default", new QueueLimits { RatePerSecond = 3 });

        Assert.Equal(3, await Claim(store));
    }

    [Fact]
    public async Task removing_the_limits_lets_every_ready_task_go()
    {
        var store = await StoreWith(new QueueLimits { MaxConcurrency = 1, RatePerSecond = 1 }, pending: 5);
        Assert.Equal(1, await Claim(store));

        await store.SetQueueLimitsAsync("default", QueueLimits.None);

        Assert.Equal(4, await Claim(store));
    }

    [Fact]
    public async Task a_paused_queue_keeps_its_limits_and_spends_no_tokens_while_paused()
    {
        var store = await NewStore();
        await store.SetQueuePausedAsync("default", true);
        var limits = new QueueLimits { RatePerSecond = 2 };
        await store.SetQueueLimitsAsync("default", limits);
        await store.SubmitAsync([Echo(), Echo(), Echo(), Echo()]);

        Assert.Equal(0, await Claim(store));
        Assert.Equal(["default"], await store.ListPausedQueuesAsync());
        Assert.Equal(limits, await store.GetQueueLimitsAsync("default"));

        await store.SetQueuePausedAsync("default", false);
        Assert.Equal(limits, await store.GetQueueLimitsAsync("default"));
        Assert.Equal(2, await Claim(store));
    }
}
