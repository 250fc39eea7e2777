using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Testing;

/// <summary>
/// What every task store's retention sweep removes: finished tasks past their queue's retention,
/// oldest first, with everything kept beside them. Subclassed once per store.
/// </summary>
public abstract class RetentionContract : TaskHistoryContractBase
{
    private async Task<ITaskStore> StoreWithRetention(TimeSpan retention, string queue = "default")
    {
        var store = await NewStore();
        await store.SetQueueLimitsAsync(queue, new QueueLimits { Retention = retention });
        return store;
    }

    private async Task<string> Finished(ITaskStore store, string queue = "default", TaskSubmission? spec = null)
    {
        var claimed = await SubmitAndClaimOne(store, spec ?? Echo(queue));
        await Complete(store, claimed);
        return claimed.Id;
    }

    [Fact]
    public async Task finished_tasks_are_kept_for_twenty_four_hours_by_default()
    {
        var store = await NewStore();
        var id = await Finished(store);

        Clock.Advance(TaskLimits.DefaultRetention - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, await store.SweepFinishedAsync("default"));
        Assert.NotNull(await store.GetAsync(id));

        Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, await store.SweepFinishedAsync("default"));
        Assert.Null(await store.GetAsync(id));
        Assert.Equal(0, await store.SweepFinishedAsync("default"));
    }

    [Fact]
    public async Task a_queues_retention_applies_to_its_own_tasks_only()
    {
        var store = await StoreWithRetention(TimeSpan.FromSeconds(10), "short");
        var shortLived = await Finished(store, "short");
        var kept = await Finished(store);

        Clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(1, await store.SweepFinishedAsync("short"));
        Assert.Equal(0, await store.SweepFinishedAsync("default"));
        Assert.Null(await store.GetAsync(shortLived));
        Assert.NotNull(await store.GetAsync(kept));
    }

    [Fact]
    public async Task only_succeeded_failed_and_canceled_tasks_are_swept()
    {
        var store = await StoreWithRetention(TimeSpan.FromSeconds(1));
        var succeeded = await Finished(store);
        var failed = await SubmitAndClaimOne(store);
        await Fail(store, failed, retryable: false);
        var running = await SubmitAndClaimOne(store);
        var waiting = await store.SubmitAsync([Echo(), Echo(), Echo() with { RunAt = Clock.GetUtcNow().AddHours(1) }]);
        await store.CancelAsync(waiting[0]);
        await store.PauseAsync(waiting[1]);

        Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(3, await store.SweepFinishedAsync("default"));
        foreach (string id in new[] { succeeded, failed.Id, waiting[0] }) Assert.Null(await store.GetAsync(id));
        foreach (string id in new[] { waiting[1], waiting[2], running.Id }) Assert.NotNull(await store.GetAsync(id));
        Assert.Equal(3, (await store.ListAsync(new TaskQuery())).Tasks.Count);
        var counts = (await store.GetQueueStatsAsync("default")).Counts;
        Assert.Equal((0, 0, 0), (counts[TaskState.Succeeded], counts[TaskState.Failed], counts[TaskState.Canceled]));
    }

    [Fact]
    public async Task tasks_not_yet_past_their_retention_are_kept()
    {
        var store = await StoreWithRetention(TimeSpan.FromSeconds(10));
        var old = await Finished(store);
        Clock.Advance(TimeSpan.FromSeconds(5));
        var recent = await Finished(store);
        Clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(1, await store.SweepFinishedAsync("default"));

        Assert.Null(await store.GetAsync(old));
        Assert.NotNull(await store.GetAsync(recent));
    }

    [Fact]
    public async Task the_sweep_takes_the_oldest_finish_first_and_at_most_max_at_a_time()
    {
        var store = await StoreWithRetention(TimeSpan.FromSeconds(10));
        var ids = await store.SubmitAsync([Echo(), Echo(), Echo()]);
        var claimed = (await store.ClaimAsync("default", Silo, 3)).Tasks.ToDictionary(t => t.Id);
        foreach (string id in new[] { ids[2], ids[0], ids[1] })
        {
            await Complete(store, claimed[id]);
            Clock.Advance(TimeSpan.FromSeconds(1));
        }
        Clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(2, await store.SweepFinishedAsync("default", max: 2));
        Assert.Equal([ids[1]], (await store.ListAsync(new TaskQuery())).Tasks.Select(t => t.Id));
        Assert.Equal(1, await store.SweepFinishedAsync("default", max: 2));
        Assert.Equal(0, await store.SweepFinishedAsync("default", max: 2));
    }

    [Fact]
    public async Task a_shorter_retention_applies_to_tasks_that_finished_before_it_was_set()
    {
        var store = await NewStore();
        var id = await Finished(store);
        Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await store.SweepFinishedAsync("default"));

        await store.SetQueueLimitsAsync("default", new QueueLimits { Retention = TimeSpan.FromMinutes(30) });

        Assert.Equal(1, await store.SweepFinishedAsync("default"));
        Assert.Null(await store.GetAsync(id));
    }

    [Fact]
    public async Task a_swept_task_takes_its_logs_attempts_and_idempotency_key_with_it()
    {
        var store = await StoreWithRetention(TimeSpan.FromSeconds(1));
        var id = await Finished(store, spec: Echo(id: "t-1") with { IdempotencyKey = "k" });
        await store.AppendLogsAsync([new TaskLogEntry(id, "default", 1, Clock.GetUtcNow(), "Information", "old")]);
        Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, await store.SweepFinishedAsync("default"));

        Assert.Null(await store.GetLogsAsync(id));
        Assert.Null(await store.GetAttemptsAsync(id));
        Assert.NotEqual(id, (await store.SubmitAsync([Echo() with { IdempotencyKey = "k" }]))[0]);
        await store.SubmitAsync([Echo(id: "t-1")]);
        Assert.Empty((await store.GetLogsAsync(id))!);
        Assert.Empty((await store.GetAttemptsAsync(id))!);
    }

    [Fact]
    public async Task sweeping_an_old_task_keeps_the_key_a_newer_task_took_after_the_window()
    {
        var store = await StoreWithRetention(TimeSpan.FromSeconds(10));
        await Finished(store, spec: Echo() with { IdempotencyKey = "k", IdempotencyWindow = TimeSpan.FromSeconds(1) });
        Clock.Advance(TimeSpan.FromSeconds(2));
        var newer = (await store.SubmitAsync([Echo() with { IdempotencyKey = "k" }]))[0];
        Clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(1, await store.SweepFinishedAsync("default"));

        Assert.Equal(newer, (await store.SubmitAsync([Echo() with { IdempotencyKey = "k" }]))[0]);
    }

    [Fact]
    public async Task the_sweep_emits_no_events_and_a_queue_never_used_has_nothing_to_sweep()
    {
        var store = await StoreWithRetention(TimeSpan.FromSeconds(1));
        await Finished(store);
        var before = await AllEvents(store);
        Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, await store.SweepFinishedAsync("default"));

        Assert.Equal(before, await AllEvents(store));
        Assert.Equal(0, await store.SweepFinishedAsync("unused"));
    }
}
