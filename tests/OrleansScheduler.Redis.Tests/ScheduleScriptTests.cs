using OrleansScheduler.Scheduling;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Storage;
using OrleansScheduler.Testing;
using StackExchange.Redis;

namespace OrleansScheduler.Redis.Tests;

/// <summary>
/// The schedule scripts on their own: schedule_advance.lua as a compare-and-set raced from separate
/// connections, firers racing on separate connections, and what the schedule keys hold.
/// </summary>
public sealed class ScheduleScriptTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly FakeTimeProvider _clock = new();

    private RedisScheduleStore NewStore(string prefix, IConnectionMultiplexer? connection = null) =>
        new(connection ?? redis.Connection, new RedisStoreOptions { KeyPrefix = prefix }, _clock);

    private static ScheduleDefinition EverySecond(string name) =>
        new() { Name = name, Cron = "* * * * * *", Task = new ScheduleTaskTemplate { Type = "echo" } };

    [Fact]
    public async Task firers_on_separate_connections_racing_for_each_tick_advance_it_exactly_once()
    {
        const int rounds = 50, contenders = 6;
        string prefix = RedisServer.NewKeyPrefix();
        using var connections = await redis.ConnectMany(contenders);
        var stores = connections.All.Select(c => NewStore(prefix, c)).ToList();
        var tick = (await stores[0].CreateAsync(EverySecond("race"))).NextFireAt!.Value;

        for (int round = 0; round < rounds; round++, tick = tick.AddSeconds(1))
        {
            var wins = await Task.WhenAll(stores.Select((store, n) => store.TryAdvanceAsync("race", tick, tick.AddSeconds(1), tick, $"task-{round}-{n}")));

            var winners = wins.Select((won, n) => (won, n)).Where(w => w.won).Select(w => w.n).ToList();
            Assert.True(winners.Count == 1, $"round {round}: firers [{string.Join(", ", winners)}] advanced the tick; exactly one should");
            Assert.Equal($"task-{round}-{winners[0]}", (await stores[0].GetAsync("race"))!.LastTaskId);
        }
    }

    [Fact]
    public async Task whole_firers_on_separate_connections_make_one_task_per_tick()
    {
        string prefix = RedisServer.NewKeyPrefix();
        using var connections = await redis.ConnectMany(4);
        var firers = connections.All.Select(c => new ScheduleFirer(NewStore(prefix, c),
            new RedisTaskStore(c, new RedisStoreOptions { KeyPrefix = prefix }, _clock), _clock)).ToList();
        await NewStore(prefix).CreateAsync(EverySecond("race"));

        int fired = 0;
        for (int second = 0; second < 20; second++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            fired += (await Task.WhenAll(firers.Select(f => f.FireDueAsync()))).Sum();
        }

        var tasks = new RedisTaskStore(redis.Connection, new RedisStoreOptions { KeyPrefix = prefix }, _clock);
        var page = await tasks.ListAsync(new TaskQuery { Limit = 100 });
        Assert.Equal(20, fired);
        Assert.Equal(20, page.Tasks.Count);
    }

    [Fact]
    public async Task a_schedule_lives_under_the_cluster_hash_tag_in_a_hash_of_short_documented_fields_and_the_due_zset()
    {
        string prefix = RedisServer.NewKeyPrefix();
        var store = NewStore(prefix);
        long now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        await store.CreateAsync(new ScheduleDefinition
        {
            Name = "nightly", Cron = "0 3 * * *", TimeZone = "Europe/Berlin", Overlap = OverlapPolicy.Skip, CatchUp = CatchUpPolicy.Once,
            Task = new ScheduleTaskTemplate { Type = "report", Queue = "reports", Payload = "{\"n\":1}", Priority = 5, MaxAttempts = 2 },
        });
        await store.TryAdvanceAsync("nightly", DateTimeOffset.Parse("2026-01-01T03:00:00+01:00"), DateTimeOffset.Parse("2026-01-02T03:00:00+01:00"),
            _clock.GetUtcNow(), "task-1");

        string c = prefix + ":{os:cluster}";
        var keys = redis.Admin.Keys(pattern: prefix + ":*").Select(k => (string)k!).Order(StringComparer.Ordinal);
        var fields = (await redis.Connection.GetDatabase().HashGetAllAsync(c + ":schedule:nightly")).ToDictionary(e => (string)e.Name!, e => (string)e.Value!);
        var score = await redis.Connection.GetDatabase().SortedSetScoreAsync(c + ":schedules", "nightly");

        Assert.Equal([c + ":schedule:nightly", c + ":schedules"], keys);
        long next = DateTimeOffset.Parse("2026-01-02T03:00:00+01:00").ToUnixTimeMilliseconds();
        Assert.Equal(new Dictionary<string, string>
        {
            ["cr"] = "0 3 * * *", ["tz"] = "Europe/Berlin", ["en"] = "1", ["ov"] = "S", ["cu"] = "O",
            ["t"] = "report", ["q"] = "reports", ["p"] = "{\"n\":1}", ["pr"] = "5", ["m"] = "2", ["to"] = "30000", ["bo"] = "1000", ["ro"] = "", ["tg"] = "",
            ["nf"] = next.ToString(), ["lf"] = now.ToString(), ["lt"] = "task-1", ["c"] = now.ToString(), ["u"] = now.ToString(),
        }, fields);
        Assert.Equal(next, score);
    }

    [Fact]
    public async Task a_disabled_schedule_has_no_next_tick_field_and_scores_infinity()
    {
        string prefix = RedisServer.NewKeyPrefix();
        await NewStore(prefix).CreateAsync(EverySecond("off") with { Enabled = false });

        var db = redis.Connection.GetDatabase();
        Assert.False(await db.HashExistsAsync($"{prefix}:{{os:cluster}}:schedule:off", "nf"));
        Assert.Equal(double.PositiveInfinity, await db.SortedSetScoreAsync($"{prefix}:{{os:cluster}}:schedules", "off"));
    }
}
