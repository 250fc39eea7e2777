using OrleansScheduler.Scheduling;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Storage;
using OrleansScheduler.Storage.InMemory;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Core.Tests;

/// <summary>The firer on the in-memory stores and a fake clock (2026-01-01T00:00:00Z, a Thursday, at the start).</summary>
public sealed class ScheduleFirerTests
{
    private readonly FakeTimeProvider _clock;
    private readonly InMemoryTaskStore _tasks;
    private readonly InMemoryScheduleStore _schedules;

    public ScheduleFirerTests() : this(TestClock.Create()) { }

    private ScheduleFirerTests(FakeTimeProvider clock)
    {
        _clock = clock;
        _tasks = new InMemoryTaskStore(clock);
        _schedules = new InMemoryScheduleStore(clock);
    }

    private DateTimeOffset Now => _clock.GetUtcNow();

    private ScheduleFirer Firer(IScheduleStore? schedules = null) => new(schedules ?? _schedules, _tasks, _clock);

    private static ScheduleDefinition Every(string cron, string name = "job") => new()
    {
        Name = name,
        Cron = cron,
        Task = new ScheduleTaskTemplate { Type = "report", Queue = "reports", Payload = """{"n":1}""", Priority = 7, MaxAttempts = 2, Timeout = TimeSpan.FromSeconds(5), Backoff = TimeSpan.Zero },
    };

    private async Task<IReadOnlyList<TaskRecord>> AllTasksAsync() => (await _tasks.ListAsync(new TaskQuery { Limit = TaskQuery.MaxLimit })).Tasks;

    private async Task<Schedule> ScheduleAsync(string name = "job") => (await _schedules.GetAsync(name))!;

    [Fact]
    public void the_misfire_threshold_and_the_tick_bound_have_their_documented_defaults()
    {
        var firer = Firer();
        Assert.Equal(TimeSpan.FromSeconds(60), firer.MisfireThreshold);
        Assert.Equal(TimeSpan.FromSeconds(60), ScheduleFirer.DefaultMisfireThreshold);
        Assert.Equal(100, firer.MaxTicksPerSweep);
        Assert.Equal("schedule:job:1767225610000", ScheduleFirer.TickKey("job", DateTimeOffset.Parse("2026-01-01T00:00:10Z")));
    }

    [Fact]
    public async Task nothing_fires_before_the_tick()
    {
        await _schedules.CreateAsync(Every("*/10 * * * * *"));
        _clock.Advance(TimeSpan.FromMilliseconds(9_999));

        Assert.Equal(0, await Firer().FireDueAsync());
        Assert.Empty(await AllTasksAsync());
    }

    [Fact]
    public async Task a_due_tick_submits_the_template_once_and_advances_to_the_next_tick()
    {
        await _schedules.CreateAsync(Every("*/10 * * * * *"));
        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(1, await Firer().FireDueAsync());
        Assert.Equal(0, await Firer().FireDueAsync());

        var task = Assert.Single(await AllTasksAsync());
        Assert.Equal(("report", "reports", """{"n":1}""", 7, 2, TimeSpan.FromSeconds(5), TimeSpan.Zero, TaskState.Pending),
            (task.Type, task.Queue, task.Payload, task.Priority, task.MaxAttempts, task.Timeout, task.Backoff, task.Status));
        var schedule = await ScheduleAsync();
        Assert.Equal(DateTimeOffset.Parse("2026-01-01T00:00:20Z"), schedule.NextFireAt);
        Assert.Equal(task.Id, schedule.LastTaskId);
        Assert.Equal(Now, schedule.LastFiredAt);
    }

    [Fact]
    public async Task the_tick_task_is_submitted_under_the_tick_key_so_a_repeat_gets_the_same_task()
    {
        await _schedules.CreateAsync(Every("*/10 * * * * *"));
        _clock.Advance(TimeSpan.FromSeconds(10));
        await Firer().FireDueAsync();
        var fired = Assert.Single(await AllTasksAsync());

        var key = ScheduleFirer.TickKey("job", DateTimeOffset.Parse("2026-01-01T00:00:10Z"));
        var again = await _tasks.SubmitAsync([Every("*/10 * * * * *").Task.ToSubmission(key)]);

        Assert.Equal(fired.Id, again[0]);
    }

    [Fact]
    public async Task every_tick_missed_for_less_than_the_misfire_threshold_fires_when_a_firer_comes_back()
    {
        await _schedules.CreateAsync(Every("* * * * * *"));
        _clock.Advance(TimeSpan.FromSeconds(30.5)); // a role hand-over: ticks 1..30 are due

        Assert.Equal(30, await Firer().FireDueAsync());

        Assert.Equal(30, (await AllTasksAsync()).Count);
        Assert.Equal(DateTimeOffset.Parse("2026-01-01T00:00:31Z"), (await ScheduleAsync()).NextFireAt);
    }

    [Fact]
    public async Task a_tick_late_by_exactly_the_threshold_still_fires_normally()
    {
        await _schedules.CreateAsync(Every("* * * * *") with { CatchUp = CatchUpPolicy.None });
        _clock.Advance(TimeSpan.FromMinutes(2)); // the 00:01 tick is exactly 60 s late; the 00:02 tick is due now

        Assert.Equal(2, await Firer().FireDueAsync());
        Assert.Equal(DateTimeOffset.Parse("2026-01-01T00:03:00Z"), (await ScheduleAsync()).NextFireAt);
    }

    [Fact]
    public async Task one_sweep_fires_at_most_max_ticks_per_schedule_and_the_next_sweeps_the_rest()
    {
        await _schedules.CreateAsync(Every("* * * * * *"));
        var firer = new ScheduleFirer(_schedules, _tasks, _clock) { MaxTicksPerSweep = 4 };
        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(4, await firer.FireDueAsync());
        Assert.Equal(4, await firer.FireDueAsync());
        Assert.Equal(2, await firer.FireDueAsync());
        Assert.Equal(10, (await AllTasksAsync()).Count);
    }

    [Fact]
    public async Task catch_up_none_skips_every_missed_tick_and_goes_on_from_the_first_tick_after_now()
    {
        await _schedules.CreateAsync(Every("* * * * *") with { CatchUp = CatchUpPolicy.None });
        _clock.Advance(TimeSpan.FromMinutes(10.5)); // ticks 00:01..00:10 missed: the first is far past the threshold

        Assert.Equal(0, await Firer().FireDueAsync());

        Assert.Empty(await AllTasksAsync());
        var schedule = await ScheduleAsync();
        Assert.Equal(DateTimeOffset.Parse("2026-01-01T00:11:00Z"), schedule.NextFireAt);
        Assert.Null(schedule.LastTaskId);
    }

    [Fact]
    public async Task catch_up_once_fires_one_task_for_all_missed_ticks_and_goes_on_from_the_first_tick_after_now()
    {
        await _schedules.CreateAsync(Every("* * * * *") with { CatchUp = CatchUpPolicy.Once });
        _clock.Advance(TimeSpan.FromMinutes(10.5));

        Assert.Equal(1, await Firer().FireDueAsync());
        Assert.Equal(0, await Firer().FireDueAsync());

        var task = Assert.Single(await AllTasksAsync());
        var schedule = await ScheduleAsync();
        Assert.Equal(task.Id, schedule.LastTaskId);
        Assert.Equal(DateTimeOffset.Parse("2026-01-01T00:11:00Z"), schedule.NextFireAt);
    }

    [Fact]
    public async Task overlap_skip_skips_ticks_while_the_last_task_is_unfinished_and_fires_again_once_it_finished()
    {
        await _schedules.CreateAsync(Every("*/10 * * * * *") with { Overlap = OverlapPolicy.Skip });
        _clock.Advance(TimeSpan.FromSeconds(10));
        await Firer().FireDueAsync();
        string first = (await ScheduleAsync()).LastTaskId!;

        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, await Firer().FireDueAsync());
        var skipped = await ScheduleAsync();
        Assert.Equal(first, skipped.LastTaskId);
        Assert.Equal(DateTimeOffset.Parse("2026-01-01T00:00:30Z"), skipped.NextFireAt);

        await _tasks.CancelAsync(first);
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, await Firer().FireDueAsync());
        Assert.Equal(2, (await AllTasksAsync()).Count);
        Assert.NotEqual(first, (await ScheduleAsync()).LastTaskId);
    }

    [Fact]
    public async Task overlap_allow_fires_even_while_the_last_task_is_unfinished()
    {
        await _schedules.CreateAsync(Every("*/10 * * * * *"));
        for (int i = 0; i < 3; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(10));
            await Firer().FireDueAsync();
        }

        var tasks = await AllTasksAsync();
        Assert.Equal(3, tasks.Count);
        Assert.All(tasks, t => Assert.Equal(TaskState.Pending, t.Status));
    }

    [Fact]
    public async Task overlap_skip_fires_when_the_last_task_was_deleted()
    {
        await _schedules.CreateAsync(Every("*/10 * * * * *") with { Overlap = OverlapPolicy.Skip });
        _clock.Advance(TimeSpan.FromSeconds(10));
        await Firer().FireDueAsync();
        await _tasks.DeleteAsync((await ScheduleAsync()).LastTaskId!);

        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(1, await Firer().FireDueAsync());
    }

    [Fact]
    public async Task of_two_firers_that_both_saw_a_tick_due_one_advances_it_and_both_get_the_same_task()
    {
        await _schedules.CreateAsync(Every("*/10 * * * * *"));
        _clock.Advance(TimeSpan.FromSeconds(10));
        var seenByBoth = await _schedules.ListDueAsync(Now, 10);

        int first = await Firer().FireDueAsync();
        int second = await Firer(new StaleDueList(_schedules, seenByBoth)).FireDueAsync();

        Assert.Equal((1, 0), (first, second));
        var task = Assert.Single(await AllTasksAsync());
        Assert.Equal(task.Id, (await ScheduleAsync()).LastTaskId);
    }

    [Fact]
    public async Task a_firer_that_died_after_submitting_leaves_the_tick_due_and_the_next_firer_gets_the_same_task()
    {
        await _schedules.CreateAsync(Every("*/10 * * * * *"));
        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(0, await Firer(new AdvanceFails(_schedules)).FireDueAsync()); // submitted, then "crashed" before advancing
        var orphan = Assert.Single(await AllTasksAsync());
        Assert.Equal(1, await Firer().FireDueAsync());

        Assert.Equal(orphan.Id, Assert.Single(await AllTasksAsync()).Id);
        Assert.Equal(orphan.Id, (await ScheduleAsync()).LastTaskId);
    }

    [Fact]
    public async Task a_disabled_schedule_never_fires()
    {
        await _schedules.CreateAsync(Every("* * * * * *") with { Enabled = false });
        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(0, await Firer().FireDueAsync());
        Assert.Empty(await AllTasksAsync());
    }

    [Fact]
    public async Task a_tick_skipped_by_a_spring_forward_fires_once_at_the_end_of_the_gap()
    {
        var test = new ScheduleFirerTests(new FakeTimeProvider(DateTimeOffset.Parse("2026-03-28T12:00:00Z")));
        await test._schedules.CreateAsync(Every("30 2 * * *") with { TimeZone = "Europe/Berlin" });
        Assert.Equal(DateTimeOffset.Parse("2026-03-29T03:00:00+02:00"), (await test.ScheduleAsync()).NextFireAt);

        test._clock.Advance(DateTimeOffset.Parse("2026-03-29T03:00:00+02:00") - test.Now);
        Assert.Equal(1, await test.Firer().FireDueAsync());
        test._clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(0, await test.Firer().FireDueAsync());

        Assert.Equal(DateTimeOffset.Parse("2026-03-30T02:30:00+02:00"), (await test.ScheduleAsync()).NextFireAt);
    }

    /// <summary>A schedule store whose due list is the one another firer read a moment ago.</summary>
    private sealed class StaleDueList(IScheduleStore inner, IReadOnlyList<Schedule> due) : ForwardingScheduleStore(inner)
    {
        public override Task<IReadOnlyList<Schedule>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default) => Task.FromResult(due);
    }

    /// <summary>A schedule store whose compare-and-set never arrives: the firer dies between submitting and advancing.</summary>
    private sealed class AdvanceFails(IScheduleStore inner) : ForwardingScheduleStore(inner)
    {
        public override Task<bool> TryAdvanceAsync(string name, DateTimeOffset expectedNextFireAt, DateTimeOffset? nextFireAt, DateTimeOffset? firedAt = null,
            string? taskId = null, CancellationToken cancellationToken = default) => throw new TimeoutException("the store went away");
    }

    private abstract class ForwardingScheduleStore(IScheduleStore inner) : IScheduleStore
    {
        public Task<Schedule> CreateAsync(ScheduleDefinition definition, CancellationToken cancellationToken = default) => inner.CreateAsync(definition, cancellationToken);
        public Task<(Schedule Schedule, bool Created)> UpsertAsync(ScheduleDefinition definition, CancellationToken cancellationToken = default) => inner.UpsertAsync(definition, cancellationToken);
        public Task<Schedule?> GetAsync(string name, CancellationToken cancellationToken = default) => inner.GetAsync(name, cancellationToken);
        public Task<IReadOnlyList<Schedule>> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);
        public virtual Task<IReadOnlyList<Schedule>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default) => inner.ListDueAsync(now, max, cancellationToken);
        public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default) => inner.DeleteAsync(name, cancellationToken);
        public virtual Task<bool> TryAdvanceAsync(string name, DateTimeOffset expectedNextFireAt, DateTimeOffset? nextFireAt, DateTimeOffset? firedAt = null,
            string? taskId = null, CancellationToken cancellationToken = default) => inner.TryAdvanceAsync(name, expectedNextFireAt, nextFireAt, firedAt, taskId, cancellationToken);
    }
}
