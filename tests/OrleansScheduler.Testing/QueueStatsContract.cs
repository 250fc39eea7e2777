using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Testing;

/// <summary>
/// What every task store reports about a queue: exact counts per state, the last minute's
/// throughput in per-second buckets, and how long the oldest ready task has waited. Subclassed once per store.
/// </summary>
public abstract class QueueStatsContract : TaskHistoryContractBase
{
    private static async Task<Dictionary<TaskState, long>> Counts(ITaskStore store, string queue = "default")
    {
        var stats = await store.GetQueueStatsAsync(queue);
        Assert.Equal(Enum.GetValues<TaskState>().Order(), stats.Counts.Keys.Order());
        return new Dictionary<TaskState, long>(stats.Counts);
    }

    private static Dictionary<TaskState, long> Expect(long scheduled = 0, long pending = 0, long running = 0, long succeeded = 0,
        long failed = 0, long canceled = 0, long paused = 0) => new()
    {
        [TaskState.Scheduled] = scheduled, [TaskState.Pending] = pending, [TaskState.Running] = running,
        [TaskState.Succeeded] = succeeded, [TaskState.Failed] = failed, [TaskState.Canceled] = canceled,
        [TaskState.Paused] = paused, [TaskState.Waiting] = 0,
    };

    [Fact]
    public async Task a_queue_never_used_has_zero_stats_and_no_limits()
    {
        var store = await NewStore();
        await store.SubmitAsync([Echo("other")]);

        var stats = await store.GetQueueStatsAsync("unused");

        Assert.Equal("unused", stats.Queue);
        Assert.False(stats.Paused);
        Assert.Equal(Expect(), await Counts(store, "unused"));
        Assert.Equal(0, stats.SucceededLastMinute);
        Assert.Equal(0, stats.FailedLastMinute);
        Assert.Null(stats.OldestPendingAge);
        Assert.Equal(QueueLimits.None, stats.Limits);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.GetQueueStatsAsync("bad queue"));
    }

    [Fact]
    public async Task every_state_is_counted_exactly_and_follows_each_transition()
    {
        var store = await NewStore();
        var ids = await store.SubmitAsync([Echo(), Echo(), Echo(), Echo(), Echo(), Echo(), Echo(), Echo() with { RunAt = Clock.GetUtcNow().AddHours(1) }]);
        await store.SubmitAsync([Echo("other")]);
        var claimed = (await store.ClaimAsync("default", Silo, 4)).Tasks;
        await Complete(store, claimed[0]);
        await Fail(store, claimed[1], retryable: false);
        await store.CancelAsync(claimed[2].Id);
        await store.PauseAsync(ids[4]);

        Assert.Equal(Expect(scheduled: 1, pending: 2, running: 1, succeeded: 1, failed: 1, canceled: 1, paused: 1), await Counts(store));

        await store.RetryAsync(claimed[1].Id);
        await store.DeleteAsync(claimed[2].Id);
        await store.ResumeAsync(ids[4]);
        await store.ReleaseAsync([new TaskRelease(claimed[3].Id, "default", claimed[3].Token)]);

        Assert.Equal(Expect(scheduled: 1, pending: 5, succeeded: 1), await Counts(store));
    }

    [Fact]
    public async Task the_stats_show_the_queues_limits_and_pause()
    {
        var store = await NewStore();
        var limits = new QueueLimits { MaxConcurrency = 4, Retention = TimeSpan.FromMinutes(5) };
        await store.SetQueueLimitsAsync("default", limits);
        await store.SetQueuePausedAsync("default", true);

        var stats = await store.GetQueueStatsAsync("default");

        Assert.True(stats.Paused);
        Assert.Equal(limits, stats.Limits);
    }

    [Fact]
    public async Task throughput_counts_what_finished_in_the_sixty_whole_seconds_up_to_the_current_one()
    {
        var store = await NewStore();
        await store.SubmitAsync([Echo(), Echo(), Echo()]);
        var claimed = (await store.ClaimAsync("default", Silo, 3)).Tasks;
        Clock.Advance(TimeSpan.FromMilliseconds(500));
        await Complete(store, claimed[0]);
        await Fail(store, claimed[1], retryable: false);
        Clock.Advance(TimeSpan.FromSeconds(30));
        await Complete(store, claimed[2]);

        var stats = await store.GetQueueStatsAsync("default");
        Assert.Equal((2, 1), (stats.SucceededLastMinute, stats.FailedLastMinute));

        // The first two finished in the second that began 59.999 s ago: its bucket still counts, 1 ms later it drops out.
        Clock.Advance(TimeSpan.FromMilliseconds(29_499));
        stats = await store.GetQueueStatsAsync("default");
        Assert.Equal((2, 1), (stats.SucceededLastMinute, stats.FailedLastMinute));

        Clock.Advance(TimeSpan.FromMilliseconds(1));
        stats = await store.GetQueueStatsAsync("default");
        Assert.Equal((1, 0), (stats.SucceededLastMinute, stats.FailedLastMinute));

        Clock.Advance(TimeSpan.FromSeconds(30));
        stats = await store.GetQueueStatsAsync("default");
        Assert.Equal((0, 0), (stats.SucceededLastMinute, stats.FailedLastMinute));
    }

    [Fact]
    public async Task every_way_into_failed_counts_as_a_failure_and_a_retry_does_not()
    {
        var store = await NewStore();
        await store.SubmitAsync([
            Echo() with { MaxAttempts = 2 },
            Echo() with { MaxAttempts = 1 },
            Echo() with { MaxAttempts = 1, Timeout = TimeSpan.FromSeconds(1) },
        ]);
        var claimed = (await store.ClaimAsync("default", Silo, 2)).Tasks;
        var timedOut = Assert.Single((await store.ClaimAsync("default", "silo-b", 1)).Tasks);
        var poisoned = await SubmitAndClaimOne(store, Echo("default") with { MaxAttempts = 5 });

        await Fail(store, claimed[0], "retried");
        await Fail(store, claimed[1], "out of attempts");
        Assert.Equal(new FailoverResult(0, 1), await store.RequeueSiloTasksAsync("default", Silo, maxFailovers: 0));
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await store.ExpireAttemptsAsync("default"));

        var stats = await store.GetQueueStatsAsync("default");
        Assert.Equal(3, stats.FailedLastMinute);
        Assert.Equal(0, stats.SucceededLastMinute);
        Assert.Equal(TaskState.Failed, (await store.GetAsync(poisoned.Id))!.Status);
        Assert.Equal(TaskState.Failed, (await store.GetAsync(timedOut.Id))!.Status);
    }

    [Fact]
    public async Task nothing_pending_means_no_oldest_pending_age()
    {
        var store = await NewStore();
        var ids = await store.SubmitAsync([Echo(), Echo(), Echo() with { RunAt = Clock.GetUtcNow().AddSeconds(1) }]);
        await store.ClaimAsync("default", Silo, 1);
        await store.PauseAsync(ids[1]);
        Clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Null((await store.GetQueueStatsAsync("default")).OldestPendingAge);
        Assert.Null((await store.GetQueueStatsAsync("unused")).OldestPendingAge);
    }

    [Fact]
    public async Task a_pending_task_has_waited_since_its_creation_or_since_its_run_at()
    {
        var store = await NewStore();
        await store.SubmitAsync([Echo()]);
        await store.SubmitAsync([Echo("delayed") with { RunAt = Clock.GetUtcNow().AddSeconds(5) }]);
        Clock.Advance(TimeSpan.FromSeconds(8));
        await store.PromoteDueAsync("delayed");

        Assert.Equal(TimeSpan.FromSeconds(8), (await store.GetQueueStatsAsync("default")).OldestPendingAge);
        Assert.Equal(TimeSpan.FromSeconds(3), (await store.GetQueueStatsAsync("delayed")).OldestPendingAge);
    }

    [Fact]
    public async Task the_oldest_pending_age_looks_at_every_priority_not_only_the_one_claimed_next()
    {
        var store = await NewStore();
        await store.SubmitAsync([Echo(priority: -5)]);
        Clock.Advance(TimeSpan.FromSeconds(5));
        await store.SubmitAsync([Echo(priority: 7), Echo(priority: 0)]);
        Clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(TimeSpan.FromSeconds(10), (await store.GetQueueStatsAsync("default")).OldestPendingAge);
    }

    [Fact]
    public async Task the_oldest_pending_age_looks_only_at_the_first_task_in_claim_order_of_each_priority()
    {
        var store = await NewStore();
        var handedBack = await SubmitAndClaimOne(store);
        Clock.Advance(TimeSpan.FromSeconds(5));
        await store.SubmitAsync([Echo()]);
        Clock.Advance(TimeSpan.FromSeconds(5));

        // Handed back, the first task (created 10 s ago) now waits behind the one created 5 s ago.
        await store.ReleaseAsync([new TaskRelease(handedBack.Id, "default", handedBack.Token)]);

        Assert.Equal(TimeSpan.FromSeconds(5), (await store.GetQueueStatsAsync("default")).OldestPendingAge);
    }

    [Fact]
    public async Task the_oldest_pending_age_is_never_negative()
    {
        var store = await NewStore();
        var id = (await store.SubmitAsync([Echo() with { RunAt = Clock.GetUtcNow().AddHours(1) }]))[0];
        await store.CancelAsync(id);

        await store.RetryAsync(id);

        Assert.Equal(TimeSpan.Zero, (await store.GetQueueStatsAsync("default")).OldestPendingAge);
    }
}
