using OrleansScheduler.Scheduling.Schedules;

namespace OrleansScheduler.Testing;

/// <summary>
/// The behaviour every cron schedule store must have; the in-memory and Redis stores each subclass
/// it once. Every test gets a fresh, empty store on a fake clock at 2026-01-01T00:00:00Z.
/// </summary>
public abstract class ScheduleStoreContract
{
    protected FakeTimeProvider Clock { get; } = TestClock.Create();

    /// <summary>A fresh, empty store that reads time from <paramref name="clock"/>, with a payload limit of 1 KiB.</summary>
    protected abstract Task<IScheduleStore> CreateStoreAsync(TimeProvider clock, int maxPayloadBytes = 1024);

    private Task<IScheduleStore> NewStore() => CreateStoreAsync(Clock);

    private DateTimeOffset Now => Clock.GetUtcNow();

    private static ScheduleDefinition Hourly(string name = "hourly", bool enabled = true) => new()
    {
        Name = name,
        Cron = "0 * * * *",
        Task = new ScheduleTaskTemplate { Type = "echo" },
        Enabled = enabled,
    };

    [Fact]
    public async Task a_created_schedule_keeps_its_whole_definition_and_its_first_tick_is_the_next_after_now()
    {
        var store = await NewStore();
        Clock.Advance(TimeSpan.FromMinutes(10.5));
        var definition = new ScheduleDefinition
        {
            Name = "nightly-report.eu",
            Cron = "0 30 2 * * SAT,SUN",
            TimeZone = "Europe/Berlin",
            Task = new ScheduleTaskTemplate
            {
                Type = "report:build", Queue = "reports", Payload = """{"region":"eu","n":[1,2]}""", Priority = -7, MaxAttempts = 5,
                Timeout = TimeSpan.FromMilliseconds(90_500), Backoff = TimeSpan.FromMilliseconds(250),
                Target = new OrleansScheduler.Tasks.TaskTarget { Grain = "reports", Key = "eu" },
            },
            Overlap = OverlapPolicy.Skip,
            CatchUp = CatchUpPolicy.Once,
        };

        var created = await store.CreateAsync(definition);
        var stored = await store.GetAsync("nightly-report.eu");

        Assert.Equal(created, stored);
        Assert.Equal(definition, stored!.Definition);
        Assert.Equal(DateTimeOffset.Parse("2026-01-03T02:30:00+01:00"), stored.NextFireAt); // Saturday, Berlin time
        Assert.Equal(Now, stored.CreatedAt);
        Assert.Equal(Now, stored.UpdatedAt);
        Assert.Null(stored.LastFiredAt);
        Assert.Null(stored.LastTaskId);
    }

    [Fact]
    public async Task creating_a_schedule_whose_name_is_taken_throws_and_keeps_the_first()
    {
        var store = await NewStore();
        var first = await store.CreateAsync(Hourly("taken"));

        var error = await Assert.ThrowsAsync<ScheduleAlreadyExistsException>(() => store.CreateAsync(Hourly("taken") with { Cron = "@daily" }));

        Assert.Equal("taken", error.Name);
        Assert.Equal(first, await store.GetAsync("taken"));
    }

    [Theory]
    [InlineData("bad name", "0 * * * *", "UTC", "echo", "name")]
    [InlineData("ok", "0 0 32 * *", "UTC", "echo", "cron: Days of month: Value must be a number between 1 and 31 (all inclusive).")]
    [InlineData("ok", "0 0 30 2 *", "UTC", "echo", "never fires")]
    [InlineData("ok", "0 * * * *", "Mars/Olympus_Mons", "echo", "timeZone")]
    [InlineData("ok", "0 * * * *", "UTC", "", "task.type")]
    public async Task an_invalid_definition_is_refused_naming_the_field_and_nothing_is_stored(string name, string cron, string zone, string type, string expected)
    {
        var store = await NewStore();

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            store.CreateAsync(new ScheduleDefinition { Name = name, Cron = cron, TimeZone = zone, Task = new ScheduleTaskTemplate { Type = type } }));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            store.UpsertAsync(new ScheduleDefinition { Name = name, Cron = cron, TimeZone = zone, Task = new ScheduleTaskTemplate { Type = type } }));

        Assert.Contains(expected, error.Message);
        Assert.Empty(await store.ListAsync());
    }

    [Fact]
    public async Task a_template_payload_over_the_stores_limit_is_refused()
    {
        var store = await CreateStoreAsync(Clock, maxPayloadBytes: 16);
        var big = Hourly() with { Task = new ScheduleTaskTemplate { Type = "echo", Payload = "\"" + new string('x', 40) + "\"" } };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.CreateAsync(big));

        Assert.Contains("task.payload", error.Message);
        Assert.Empty(await store.ListAsync());
    }

    [Fact]
    public async Task a_disabled_schedule_has_no_next_tick_and_is_never_due()
    {
        var store = await NewStore();
        var created = await store.CreateAsync(Hourly("off", enabled: false));
        Clock.Advance(TimeSpan.FromDays(1));

        Assert.Null(created.NextFireAt);
        Assert.Empty(await store.ListDueAsync(Now, 10));
        Assert.False(await store.TryAdvanceAsync("off", DateTimeOffset.Parse("2026-01-01T01:00:00Z"), Now));
    }

    [Fact]
    public async Task an_upsert_creates_then_replaces_keeping_creation_and_history_and_recomputing_the_tick_from_now()
    {
        var store = await NewStore();
        var (created, wasCreated) = await store.UpsertAsync(Hourly("job"));
        Assert.True(wasCreated);
        Assert.Equal(DateTimeOffset.Parse("2026-01-01T01:00:00Z"), created.NextFireAt);
        Clock.Advance(TimeSpan.FromHours(1));
        Assert.True(await store.TryAdvanceAsync("job", created.NextFireAt!.Value, DateTimeOffset.Parse("2026-01-01T02:00:00Z"), Now, "task-1"));
        Clock.Advance(TimeSpan.FromMinutes(20));

        var replacement = Hourly("job") with { Cron = "*/15 * * * *", Task = new ScheduleTaskTemplate { Type = "sleep", Queue = "other" } };
        var (replaced, wasCreatedAgain) = await store.UpsertAsync(replacement);

        Assert.False(wasCreatedAgain);
        Assert.Equal(replacement, replaced.Definition);
        Assert.Equal(DateTimeOffset.Parse("2026-01-01T01:30:00Z"), replaced.NextFireAt);
        Assert.Equal(created.CreatedAt, replaced.CreatedAt);
        Assert.Equal(Now, replaced.UpdatedAt);
        Assert.Equal("task-1", replaced.LastTaskId);
        Assert.Equal(DateTimeOffset.Parse("2026-01-01T01:00:00Z"), replaced.LastFiredAt);
        Assert.Equal(replaced, await store.GetAsync("job"));
    }

    [Fact]
    public async Task disabling_by_upsert_clears_the_next_tick_and_enabling_recomputes_it_from_now()
    {
        var store = await NewStore();
        await store.CreateAsync(Hourly("toggle"));
        var (disabled, _) = await store.UpsertAsync(Hourly("toggle", enabled: false));
        Clock.Advance(TimeSpan.FromHours(5.5));

        var (enabled, _) = await store.UpsertAsync(Hourly("toggle"));

        Assert.Null(disabled.NextFireAt);
        Assert.Equal(DateTimeOffset.Parse("2026-01-01T06:00:00Z"), enabled.NextFireAt);
    }

    [Fact]
    public async Task schedules_are_listed_by_name_and_an_unknown_name_is_null()
    {
        var store = await NewStore();
        foreach (string name in new[] { "b", "a.2", "C", "a" }) await store.CreateAsync(Hourly(name));

        Assert.Equal(["C", "a", "a.2", "b"], (await store.ListAsync()).Select(s => s.Name));
        Assert.Null(await store.GetAsync("nope"));
    }

    [Fact]
    public async Task the_due_schedules_are_the_enabled_ones_whose_tick_has_come_earliest_first_up_to_the_limit()
    {
        var store = await NewStore();
        await store.CreateAsync(Hourly("hourly"));                                       // 01:00
        await store.CreateAsync(Hourly("quarter") with { Cron = "*/15 * * * *" });          // 00:15
        await store.CreateAsync(Hourly("daily") with { Cron = "@daily" });                  // next day
        await store.CreateAsync(Hourly("off", enabled: false));
        Clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(["quarter", "hourly"], (await store.ListDueAsync(Now, 10)).Select(s => s.Name));
        Assert.Equal(["quarter"], (await store.ListDueAsync(Now, 1)).Select(s => s.Name));
        Assert.Empty(await store.ListDueAsync(Now.AddMinutes(-46), 10));
    }

    [Fact]
    public async Task a_deleted_schedule_is_gone_and_deleting_it_again_answers_false()
    {
        var store = await NewStore();
        await store.CreateAsync(Hourly("gone"));
        Clock.Advance(TimeSpan.FromHours(2));

        Assert.True(await store.DeleteAsync("gone"));
        Assert.False(await store.DeleteAsync("gone"));
        Assert.Null(await store.GetAsync("gone"));
        Assert.Empty(await store.ListAsync());
        Assert.Empty(await store.ListDueAsync(Now, 10));
        Assert.False(await store.TryAdvanceAsync("gone", DateTimeOffset.Parse("2026-01-01T01:00:00Z"), Now));
        await store.CreateAsync(Hourly("gone")); // the name is free again
    }

    [Fact]
    public async Task advancing_moves_the_tick_only_from_the_expected_one_and_records_the_fired_task()
    {
        var store = await NewStore();
        var tick = (await store.CreateAsync(Hourly())).NextFireAt!.Value;
        var next = tick.AddHours(1);
        Clock.Advance(TimeSpan.FromHours(1.25));

        Assert.False(await store.TryAdvanceAsync("hourly", tick.AddHours(-1), next, Now, "stale"));
        Assert.True(await store.TryAdvanceAsync("hourly", tick, next, Now, "task-1"));
        Assert.False(await store.TryAdvanceAsync("hourly", tick, next, Now, "again"));

        var stored = (await store.GetAsync("hourly"))!;
        Assert.Equal(next, stored.NextFireAt);
        Assert.Equal(Now, stored.LastFiredAt);
        Assert.Equal("task-1", stored.LastTaskId);
        Assert.Equal(["hourly"], (await store.ListDueAsync(next, 10)).Select(s => s.Name));
        Assert.Empty(await store.ListDueAsync(next.AddMilliseconds(-1), 10));
    }

    [Fact]
    public async Task advancing_without_a_task_skips_the_tick_and_keeps_the_last_fired_task()
    {
        var store = await NewStore();
        var tick = (await store.CreateAsync(Hourly())).NextFireAt!.Value;
        await store.TryAdvanceAsync("hourly", tick, tick.AddHours(1), tick, "task-1");

        Assert.True(await store.TryAdvanceAsync("hourly", tick.AddHours(1), tick.AddHours(2)));

        var stored = (await store.GetAsync("hourly"))!;
        Assert.Equal(tick.AddHours(2), stored.NextFireAt);
        Assert.Equal("task-1", stored.LastTaskId);
        Assert.Equal(tick, stored.LastFiredAt);
    }

    [Fact]
    public async Task advancing_to_no_tick_leaves_a_schedule_that_is_never_due_again()
    {
        var store = await NewStore();
        var tick = (await store.CreateAsync(Hourly())).NextFireAt!.Value;

        Assert.True(await store.TryAdvanceAsync("hourly", tick, null, tick, "last"));

        Assert.Null((await store.GetAsync("hourly"))!.NextFireAt);
        Assert.Empty(await store.ListDueAsync(DateTimeOffset.MaxValue.AddYears(-1), 10));
    }

    [Fact]
    public async Task of_concurrent_firers_of_one_tick_exactly_one_advances_it()
    {
        var store = await NewStore();
        var tick = (await store.CreateAsync(Hourly())).NextFireAt!.Value;

        var wins = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => store.TryAdvanceAsync("hourly", tick, tick.AddHours(1), tick, $"task-{i}")));

        Assert.Equal(1, wins.Count(won => won));
        Assert.Equal($"task-{Array.IndexOf(wins, true)}", (await store.GetAsync("hourly"))!.LastTaskId);
    }

    [Fact]
    public async Task a_replaced_schedule_refuses_an_advance_from_the_tick_a_firer_read_before()
    {
        var store = await NewStore();
        var tick = (await store.CreateAsync(Hourly())).NextFireAt!.Value;
        Clock.Advance(TimeSpan.FromMinutes(90)); // the firer read tick 01:00; the schedule is replaced meanwhile
        await store.UpsertAsync(Hourly() with { Cron = "0 */2 * * *" });

        Assert.False(await store.TryAdvanceAsync("hourly", tick, tick.AddHours(1), Now, "late"));
        Assert.Null((await store.GetAsync("hourly"))!.LastTaskId);
    }
}
