using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Testing;

/// <summary>
/// What every task store writes to a queue's event stream: one event per transition, with the
/// states, silo, attempt and error it concerns; ids that only grow; paging; the stream's cap.
/// Subclassed once per store.
/// </summary>
public abstract class TaskEventContract : TaskHistoryContractBase
{
    /// <summary>The event as expected, Id left empty (ids are compared apart).</summary>
    private TaskEvent Expected(string taskId, string type, TaskState? from, TaskState? to, string? silo = null, int attempt = 0,
        string? error = null, string queue = "default") =>
        new() { Id = "", TaskId = taskId, Queue = queue, Type = type, From = from, To = to, Silo = silo, Attempt = attempt, Time = Clock.GetUtcNow(), Error = error };

    private static IEnumerable<TaskEvent> WithoutIds(IEnumerable<TaskEvent> events) => events.Select(e => e with { Id = "" });

    /// <summary>The events <paramref name="act"/> appended to the queue's stream.</summary>
    private static async Task<IReadOnlyList<TaskEvent>> EventsOf(ITaskStore store, Func<Task> act, string queue = "default")
    {
        var before = await AllEvents(store, queue);
        await act();
        return await store.ReadEventsAsync(queue, before.Count > 0 ? before[^1].Id : null, 10_000);
    }

    [Fact]
    public async Task a_submission_emits_submitted_into_pending_or_scheduled()
    {
        var store = await NewStore();
        var ids = await store.SubmitAsync([Echo(), Echo() with { RunAt = Clock.GetUtcNow().AddSeconds(5) }]);

        Assert.Equal([
            Expected(ids[0], TaskEventTypes.Submitted, null, TaskState.Pending),
            Expected(ids[1], TaskEventTypes.Submitted, null, TaskState.Scheduled),
        ], WithoutIds(await AllEvents(store)));
    }

    [Fact]
    public async Task a_claim_emits_promoted_for_the_due_tasks_it_promotes_then_started_for_each_claimed()
    {
        var store = await NewStore();
        var ids = await store.SubmitAsync([Echo(), Echo() with { RunAt = Clock.GetUtcNow().AddSeconds(1) }]);
        Clock.Advance(TimeSpan.FromSeconds(1));

        var events = await EventsOf(store, () => store.ClaimAsync("default", Silo, 10));

        Assert.Equal([
            Expected(ids[1], TaskEventTypes.Promoted, TaskState.Scheduled, TaskState.Pending),
            Expected(ids[0], TaskEventTypes.Started, TaskState.Pending, TaskState.Running, Silo, attempt: 1),
            Expected(ids[1], TaskEventTypes.Started, TaskState.Pending, TaskState.Running, Silo, attempt: 1),
        ], WithoutIds(events));
    }

    [Fact]
    public async Task the_promotion_sweep_emits_promoted_per_task()
    {
        var store = await NewStore();
        var id = (await store.SubmitAsync([Echo() with { RunAt = Clock.GetUtcNow().AddSeconds(1) }]))[0];
        Clock.Advance(TimeSpan.FromSeconds(1));

        var events = await EventsOf(store, () => store.PromoteDueAsync("default"));

        Assert.Equal([Expected(id, TaskEventTypes.Promoted, TaskState.Scheduled, TaskState.Pending)], WithoutIds(events));
    }

    [Fact]
    public async Task a_completion_emits_succeeded_with_the_silo_and_attempt()
    {
        var store = await NewStore();
        var claimed = await SubmitAndClaimOne(store);
        Clock.Advance(TimeSpan.FromMilliseconds(40));

        var events = await EventsOf(store, () => Complete(store, claimed));

        Assert.Equal([Expected(claimed.Id, TaskEventTypes.Succeeded, TaskState.Running, TaskState.Succeeded, Silo, attempt: 1)], WithoutIds(events));
    }

    [Fact]
    public async Task a_failure_emits_retrying_while_attempts_remain_and_failed_after_the_last()
    {
        var store = await NewStore();
        var first = await SubmitAndClaimOne(store, Echo() with { MaxAttempts = 2, Backoff = TimeSpan.Zero });

        var retrying = await EventsOf(store, () => Fail(store, first, "boom 1"));
        var second = Assert.Single((await store.ClaimAsync("default", "silo-b", 1)).Tasks);
        var failed = await EventsOf(store, () => Fail(store, second, "boom 2"));

        Assert.Equal([Expected(first.Id, TaskEventTypes.Retrying, TaskState.Running, TaskState.Scheduled, Silo, 1, "boom 1")], WithoutIds(retrying));
        Assert.Equal([Expected(first.Id, TaskEventTypes.Failed, TaskState.Running, TaskState.Failed, "silo-b", 2, "boom 2")], WithoutIds(failed));
    }

    [Fact]
    public async Task a_non_retryable_failure_emits_failed_at_once()
    {
        var store = await NewStore();
        var claimed = await SubmitAndClaimOne(store, Echo() with { MaxAttempts = 5 });

        var events = await EventsOf(store, () => Fail(store, claimed, "bad input", retryable: false));

        Assert.Equal([Expected(claimed.Id, TaskEventTypes.Failed, TaskState.Running, TaskState.Failed, Silo, 1, "bad input")], WithoutIds(events));
    }

    [Fact]
    public async Task a_timed_out_attempt_emits_retrying_or_failed_with_the_timeout_error()
    {
        var store = await NewStore();
        var first = await SubmitAndClaimOne(store, Echo() with { MaxAttempts = 2, Timeout = TimeSpan.FromSeconds(3), Backoff = TimeSpan.Zero });
        Clock.Advance(TimeSpan.FromSeconds(3));

        var retrying = await EventsOf(store, () => store.ExpireAttemptsAsync("default"));
        Assert.Equal([Expected(first.Id, TaskEventTypes.Retrying, TaskState.Running, TaskState.Scheduled, Silo, 1,
            $"Attempt 1 of task '{first.Id}' timed out after 3000 ms.")], WithoutIds(retrying));

        Assert.Single((await store.ClaimAsync("default", "silo-b", 1)).Tasks);
        Clock.Advance(TimeSpan.FromSeconds(3));
        var failed = await EventsOf(store, () => store.ExpireAttemptsAsync("default"));
        Assert.Equal([Expected(first.Id, TaskEventTypes.Failed, TaskState.Running, TaskState.Failed, "silo-b", 2,
            $"Attempt 2 of task '{first.Id}' timed out after 3000 ms.")], WithoutIds(failed));
    }

    [Fact]
    public async Task a_dead_silos_task_emits_failed_over_or_failed_as_poison()
    {
        var store = await NewStore();
        var claimed = await SubmitAndClaimOne(store);

        var failedOver = await EventsOf(store, () => store.RequeueSiloTasksAsync("default", Silo, maxFailovers: 1));
        Assert.Single((await store.ClaimAsync("default", "silo-b", 1)).Tasks);
        var poisoned = await EventsOf(store, () => store.RequeueSiloTasksAsync("default", "silo-b", maxFailovers: 1));

        Assert.Equal([Expected(claimed.Id, TaskEventTypes.FailedOver, TaskState.Running, TaskState.Pending, Silo, attempt: 0)], WithoutIds(failedOver));
        var task = (await store.GetAsync(claimed.Id))!;
        Assert.Contains("poison", task.Error);
        Assert.Equal([Expected(claimed.Id, TaskEventTypes.Failed, TaskState.Running, TaskState.Failed, "silo-b", task.Attempt, task.Error)], WithoutIds(poisoned));
    }

    [Fact]
    public async Task a_hand_back_emits_released_with_the_attempt_uncounted()
    {
        var store = await NewStore();
        var claimed = await SubmitAndClaimOne(store);

        var events = await EventsOf(store, () => store.ReleaseAsync([new TaskRelease(claimed.Id, "default", claimed.Token)]));

        Assert.Equal([Expected(claimed.Id, TaskEventTypes.Released, TaskState.Running, TaskState.Pending, Silo, attempt: 0)], WithoutIds(events));
    }

    [Fact]
    public async Task a_cancel_emits_canceled_from_the_state_it_had_with_the_silo_only_when_running()
    {
        var store = await NewStore();
        var running = await SubmitAndClaimOne(store);
        var ids = await store.SubmitAsync([Echo(), Echo() with { RunAt = Clock.GetUtcNow().AddSeconds(5) }, Echo()]);
        await store.PauseAsync(ids[2]);

        var events = await EventsOf(store, async () =>
        {
            foreach (string id in ids.Prepend(running.Id)) await store.CancelAsync(id);
        });

        Assert.Equal([
            Expected(running.Id, TaskEventTypes.Canceled, TaskState.Running, TaskState.Canceled, Silo, attempt: 1),
            Expected(ids[0], TaskEventTypes.Canceled, TaskState.Pending, TaskState.Canceled),
            Expected(ids[1], TaskEventTypes.Canceled, TaskState.Scheduled, TaskState.Canceled),
            Expected(ids[2], TaskEventTypes.Canceled, TaskState.Paused, TaskState.Canceled),
        ], WithoutIds(events));
    }

    [Fact]
    public async Task pause_resume_retry_and_delete_each_emit_their_event()
    {
        var store = await NewStore();
        var ids = await store.SubmitAsync([Echo(), Echo() with { RunAt = Clock.GetUtcNow().AddSeconds(5) }]);

        var events = await EventsOf(store, async () =>
        {
            await store.PauseAsync(ids[0]);
            await store.PauseAsync(ids[1]);
            await store.ResumeAsync(ids[0]);
            await store.ResumeAsync(ids[1]);
            await store.CancelAsync(ids[0]);
            await store.RetryAsync(ids[0]);
            await store.DeleteAsync(ids[1]);
        });

        Assert.Equal([
            Expected(ids[0], TaskEventTypes.Paused, TaskState.Pending, TaskState.Paused),
            Expected(ids[1], TaskEventTypes.Paused, TaskState.Scheduled, TaskState.Paused),
            Expected(ids[0], TaskEventTypes.Resumed, TaskState.Paused, TaskState.Pending),
            Expected(ids[1], TaskEventTypes.Resumed, TaskState.Paused, TaskState.Scheduled),
            Expected(ids[0], TaskEventTypes.Canceled, TaskState.Pending, TaskState.Canceled),
            Expected(ids[0], TaskEventTypes.Retried, TaskState.Canceled, TaskState.Pending),
            Expected(ids[1], TaskEventTypes.Deleted, TaskState.Scheduled, null),
        ], WithoutIds(events));
    }

    [Fact]
    public async Task retrying_a_failed_task_emits_retried_with_its_attempts_reset()
    {
        var store = await NewStore();
        var claimed = await SubmitAndClaimOne(store);
        await Fail(store, claimed, retryable: false);

        var events = await EventsOf(store, () => store.RetryAsync(claimed.Id));

        Assert.Equal([Expected(claimed.Id, TaskEventTypes.Retried, TaskState.Failed, TaskState.Pending, attempt: 0)], WithoutIds(events));
    }

    [Fact]
    public async Task progress_logs_refusals_and_a_repeated_idempotent_submission_emit_nothing()
    {
        var store = await NewStore();
        await store.SubmitAsync([Echo() with { IdempotencyKey = "k" }]);
        var claimed = Assert.Single((await store.ClaimAsync("default", Silo, 1)).Tasks);

        var events = await EventsOf(store, async () =>
        {
            await store.SubmitAsync([Echo() with { IdempotencyKey = "k" }]);
            await store.ReportProgressAsync(new TaskProgress(claimed.Id, "default", claimed.Token, 50, "half"));
            await store.AppendLogsAsync([new TaskLogEntry(claimed.Id, "default", 1, Clock.GetUtcNow(), "Information", "hello")]);
            await store.CompleteAsync([new TaskCompletion(claimed.Id, "default", claimed.Token - 1, "null")]);
            await Assert.ThrowsAsync<TaskStateConflictException>(() => store.PauseAsync(claimed.Id));
        });

        Assert.Empty(events);
    }

    [Fact]
    public async Task event_ids_grow_strictly_within_a_queue_whether_or_not_the_clock_moves()
    {
        var store = await NewStore();
        await store.SubmitAsync([Echo(), Echo(), Echo()]);
        await store.ClaimAsync("default", Silo, 2);
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        await store.SubmitAsync([Echo(), Echo("other")]);
        Clock.Advance(TimeSpan.FromSeconds(3));
        await store.ClaimAsync("default", Silo, 5);

        var events = await AllEvents(store);

        Assert.Equal(8, events.Count);
        Assert.All(events, e => Assert.Equal("default", e.Queue));
        var ids = events.Select(e => ParseEventId(e.Id)).ToList();
        for (int i = 1; i < ids.Count; i++)
            Assert.True(ids[i].CompareTo(ids[i - 1]) > 0, $"event id {events[i].Id} does not follow {events[i - 1].Id}");
        Assert.Equal([TaskEventTypes.Submitted], (await AllEvents(store, "other")).Select(e => e.Type));
    }

    [Fact]
    public async Task events_are_read_page_by_page_after_the_last_id_seen()
    {
        var store = await NewStore();
        await store.SubmitAsync([Echo(), Echo(), Echo(), Echo(), Echo()]);
        var all = await AllEvents(store);

        var first = await store.ReadEventsAsync("default", null, 2);
        var second = await store.ReadEventsAsync("default", first[^1].Id, 2);
        var third = await store.ReadEventsAsync("default", second[^1].Id, 2);
        var rest = await store.ReadEventsAsync("default", third[^1].Id, 2);

        Assert.Equal(5, all.Count);
        Assert.Equal(all, first.Concat(second).Concat(third));
        Assert.Single(third);
        Assert.Empty(rest);
        Assert.Equal(all, await store.ReadEventsAsync("default", "0", 100));
        Assert.Equal(all.Skip(1), await store.ReadEventsAsync("default", all[0].Id, 100));
    }

    [Fact]
    public async Task reading_events_with_a_bad_position_count_or_queue_is_refused_and_an_unknown_queue_has_none()
    {
        var store = await NewStore();
        await store.SubmitAsync([Echo()]);

        foreach (string after in new[] { "", "abc", "1-", "-1", "1-2-3", "1.5", " 1-0" })
            await Assert.ThrowsAnyAsync<ArgumentException>(() => store.ReadEventsAsync("default", after, 10));
        foreach (int max in new[] { 0, -1, 10_001 })
            await Assert.ThrowsAnyAsync<ArgumentException>(() => store.ReadEventsAsync("default", null, max));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.ReadEventsAsync("bad queue", null, 10));

        Assert.Empty(await store.ReadEventsAsync("no-such-queue", null, 10));
        Assert.Single(await store.ReadEventsAsync("default", "0-0", 10_000));
        Assert.Single(await store.ReadEventsAsync("default", null, 1));
    }

    [Fact]
    public async Task the_stream_keeps_exactly_the_newest_events_up_to_its_length()
    {
        var store = await NewStore(new HistoryLimits { EventStreamLength = 3 });
        var ids = await store.SubmitAsync([Echo(), Echo(), Echo(), Echo(), Echo()]);

        var events = await AllEvents(store);

        Assert.Equal(ids.Skip(2), events.Select(e => e.TaskId));
        Assert.Equal([events[^1]], await store.ReadEventsAsync("default", events[^2].Id, 10));
    }

    [Fact]
    public async Task a_stream_length_of_zero_turns_events_off()
    {
        var store = await NewStore(new HistoryLimits { EventStreamLength = 0 });
        var claimed = await SubmitAndClaimOne(store);
        await Complete(store, claimed);

        Assert.Empty(await AllEvents(store));
        Assert.Empty((await store.GetTaskEventsAsync(claimed.Id))!);
    }

    [Fact]
    public async Task a_tasks_events_are_the_ones_its_queue_still_keeps_oldest_first()
    {
        var store = await NewStore(new HistoryLimits { EventStreamLength = 4 });
        var ids = await store.SubmitAsync([Echo(), Echo()]);
        var claimed = Assert.Single((await store.ClaimAsync("default", Silo, 1)).Tasks);
        Assert.Equal(ids[0], claimed.Id);

        var before = await store.GetTaskEventsAsync(ids[0]);
        await Complete(store, claimed);
        await store.CancelAsync(ids[1]);
        await store.RetryAsync(ids[1]);
        var after = await store.GetTaskEventsAsync(ids[0]);

        Assert.Equal([TaskEventTypes.Submitted, TaskEventTypes.Started], before!.Select(e => e.Type));
        // Six events so far: the stream of four has dropped both submissions.
        Assert.Equal([TaskEventTypes.Started, TaskEventTypes.Succeeded], after!.Select(e => e.Type));
        Assert.All(after!, e => Assert.Equal(ids[0], e.TaskId));
        Assert.Equal([TaskEventTypes.Canceled, TaskEventTypes.Retried], (await store.GetTaskEventsAsync(ids[1]))!.Select(e => e.Type));
        Assert.Null(await store.GetTaskEventsAsync("no-such-task"));
    }

    [Fact]
    public async Task a_deleted_task_has_no_events_to_show_but_its_deletion_stays_in_the_stream()
    {
        var store = await NewStore();
        var id = (await store.SubmitAsync([Echo()]))[0];

        await store.DeleteAsync(id);

        Assert.Null(await store.GetTaskEventsAsync(id));
        Assert.Equal([TaskEventTypes.Submitted, TaskEventTypes.Deleted], (await AllEvents(store)).Select(e => e.Type));
    }
}
