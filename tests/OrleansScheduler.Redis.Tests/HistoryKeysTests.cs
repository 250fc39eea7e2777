using System.Globalization;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Redis.Tests;

/// <summary>
/// The history, index and limit keys as <see cref="RedisKeys"/>' remarks document them, and the
/// bounds of the scripts that walk them (sweep, task_events, the throughput ring).
/// </summary>
public sealed class HistoryKeysTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly FakeTimeProvider _clock = TestClock.Create();

    private static TaskSubmission Echo(string? id = null) => new() { Type = "echo", Id = id };

    private IEnumerable<string> Keys(string prefix) => redis.Admin.Keys(pattern: prefix + ":*").Select(k => (string)k!).Order(StringComparer.Ordinal);

    [Fact]
    public async Task every_state_has_its_index_and_history_sits_under_the_queue_hash_tag()
    {
        string p = RedisServer.NewKeyPrefix();
        var store = redis.NewStore(_clock, p);
        await store.SetQueueLimitsAsync("default", new QueueLimits { RatePerSecond = 100, Retention = TimeSpan.FromHours(1) });
        await store.SubmitAsync([Echo("done"), Echo("failed"), Echo("canceled"), Echo("held")]);
        var claimed = (await store.ClaimAsync("default", "silo-a", 3)).Tasks.ToDictionary(t => t.Id);
        await store.CompleteAsync([new TaskCompletion("done", "default", claimed["done"].Token, "null")]);
        await store.FailAsync([new TaskFailure("failed", "default", claimed["failed"].Token, "boom", Retryable: false)]);
        await store.CancelAsync("canceled");
        await store.PauseAsync("held");
        await store.AppendLogsAsync([new TaskLogEntry("done", "default", 1, _clock.GetUtcNow(), "Information", "hi")]);

        string q = p + ":{q:default}";
        Assert.Equal(new[]
        {
            p + ":{os:cluster}:queues", q + ":bucket",
            q + ":canceled", q + ":chunk:", q + ":done", q + ":events", q + ":evlast", q + ":failed", q + ":held", q + ":limits", q + ":logs:done",
            q + ":tput",
        }.Order(StringComparer.Ordinal), Keys(p));
        var db = redis.Connection.GetDatabase();
        long now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        Assert.Equal(now, await db.SortedSetScoreAsync(q + ":done", "done"));
        Assert.True(await db.SetContainsAsync(q + ":held", "held"));

        // a task's last ended attempt stays with its fields; it moves to attempts:<id> when the task runs again
        var failed = await StoredTasks.Get(db, q, "failed");
        Assert.Equal(("f1", now.ToString(CultureInfo.InvariantCulture)), (failed["ao"], failed["ae"]));
        await store.RetryAsync("failed");
        Assert.Null(await StoredTasks.Field(db, q, "failed", "ao"));
        Assert.Equal($"[1,\"silo-a\",\"{now}\",\"{now}\",\"failed\",\"boom\"]", (string?)await db.ListGetByIndexAsync(q + ":attempts:failed", 0));
    }

    [Fact]
    public async Task the_throughput_ring_keeps_at_most_sixty_slots_per_kind_however_long_it_runs()
    {
        string p = RedisServer.NewKeyPrefix();
        var store = redis.NewStore(_clock, p);
        for (int second = 0; second < 150; second++)
        {
            var task = await SubmitAndClaim(store);
            await store.CompleteAsync([new TaskCompletion(task.Id, "default", task.Token, "null")]);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        var fields = await redis.Connection.GetDatabase().HashKeysAsync(p + ":{q:default}:tput");

        Assert.Equal(60, fields.Length);
        Assert.Equal(59, (await store.GetQueueStatsAsync("default")).SucceededLastMinute); // the current second has none yet
    }

    [Fact]
    public async Task a_tasks_events_are_found_across_the_hundred_entry_steps_of_the_stream_walk()
    {
        var store = redis.NewStore(_clock);
        var first = await SubmitAndClaim(store);
        for (int i = 0; i < 250; i++) await store.SubmitAsync([Echo()]); // one entry each
        await store.SubmitAsync([.. Enumerable.Range(0, 999).Select(_ => Echo())]); // one entry of 999
        await store.CompleteAsync([new TaskCompletion(first.Id, "default", first.Token, "null")]);

        var events = (await store.GetTaskEventsAsync(first.Id))!;

        Assert.Equal([TaskEventTypes.Submitted, TaskEventTypes.Started, TaskEventTypes.Succeeded], events.Select(e => e.Type));
        Assert.Equal(1252, (await store.ReadEventsAsync("default", null, 10_000)).Count);
    }

    [Fact]
    public async Task readers_see_exactly_the_newest_events_though_the_stream_keeps_whole_entries()
    {
        string p = RedisServer.NewKeyPrefix();
        var store = new RedisTaskStore(redis.Connection, new RedisStoreOptions { KeyPrefix = p, History = new HistoryLimits { EventStreamLength = 150 } }, _clock);
        var ids = new List<string>();
        for (int i = 0; i < 10; i++) ids.AddRange(await store.SubmitAsync([.. Enumerable.Range(0, 40).Select(_ => Echo())]));

        var all = await store.ReadEventsAsync("default", null, 10_000);
        long length = (long)await redis.Connection.GetDatabase().ScriptEvaluateAsync("return redis.call('XLEN', KEYS[1])", [p + ":{q:default}:events"]);

        Assert.Equal(4, length); // events 241-400: the oldest entry kept still holds ten events beyond the newest 150
        Assert.Equal(ids.Skip(250), all.Select(e => e.TaskId));
        Assert.Equal(all, await store.ReadEventsAsync("default", "0-1", 10_000)); // a position before the kept ones starts at the oldest kept
        Assert.Equal(all.Skip(1), await store.ReadEventsAsync("default", all[0].Id, 10_000));
        Assert.Equal(all.Skip(45).Take(7), await store.ReadEventsAsync("default", all[44].Id, 7)); // from inside an entry, across into the next
        Assert.Empty(await store.ReadEventsAsync("default", all[^1].Id, 10));
        Assert.Empty((await store.GetTaskEventsAsync(ids[249]))!);
        Assert.Single((await store.GetTaskEventsAsync(ids[250]))!);
    }

    [Fact]
    public async Task an_error_holding_the_packing_separators_comes_back_from_the_stream_as_it_was_written()
    {
        var store = redis.NewStore(_clock);
        var task = await SubmitAndClaim(store);
        const string error = "a\\b \\1 \u001e c \u001f d\n|e";

        await store.FailAsync([new TaskFailure(task.Id, "default", task.Token, error, Retryable: false)]);

        var failed = (await store.GetTaskEventsAsync(task.Id))!.Single(e => e.Type == TaskEventTypes.Failed);
        Assert.Equal(error, failed.Error);
        Assert.Equal("silo-a", failed.Silo);
    }

    [Fact]
    public async Task a_sweep_removes_at_most_max_and_leaves_no_key_of_the_tasks_it_removed()
    {
        string p = RedisServer.NewKeyPrefix();
        var store = redis.NewStore(_clock, p);
        await store.SetQueueLimitsAsync("default", new QueueLimits { Retention = TimeSpan.FromSeconds(1) });
        var ids = await store.SubmitAsync([.. Enumerable.Range(0, 5).Select(i => Echo() with { IdempotencyKey = $"k{i}" })]);
        foreach (var task in (await store.ClaimAsync("default", "silo-a", 5)).Tasks)
        {
            await store.CompleteAsync([new TaskCompletion(task.Id, "default", task.Token, "null")]);
            await store.AppendLogsAsync([new TaskLogEntry(task.Id, "default", 1, _clock.GetUtcNow(), "Information", "line")]);
        }
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(3, await store.SweepFinishedAsync("default", max: 3));
        Assert.Equal(2, await store.SweepFinishedAsync("default", max: 3));

        string q = p + ":{q:default}";
        Assert.Equal(new[] { p + ":{os:cluster}:queues", q + ":events", q + ":evlast", q + ":limits", q + ":tput" }, Keys(p));
        foreach (string id in ids) Assert.Null(await store.GetAsync(id));
    }

    [Fact]
    public void a_script_run_on_its_own_has_the_history_helpers_it_includes_pasted_in()
    {
        string text = RedisScript.FromResource("complete").StandaloneText;

        Assert.Contains("local function event(", text);
        Assert.DoesNotMatch("(?m)^--#include", text);
        Assert.StartsWith("-- complete.lua:", text);
    }

    [Fact]
    public void claim_and_promote_run_on_their_own_get_the_one_promotion_helper_after_the_history_helpers_it_uses()
    {
        foreach (string name in new[] { "claim", "promote" })
        {
            string text = RedisScript.FromResource(name).StandaloneText;

            Assert.Contains("local function event(", text);
            Assert.Contains("local function promoteDue(", text);
            Assert.True(text.IndexOf("local function event(", StringComparison.Ordinal) < text.IndexOf("local function promoteDue(", StringComparison.Ordinal),
                $"{name}.lua must define event() before promoteDue(), which calls it");
            Assert.True(text.IndexOf("local function pushReady(", StringComparison.Ordinal) < text.IndexOf("local function promoteDue(", StringComparison.Ordinal),
                $"{name}.lua must define pushReady() before promoteDue(), which calls it");
            Assert.DoesNotMatch("(?m)^--#include", text);
        }
    }

    private static async Task<ClaimedTask> SubmitAndClaim(RedisTaskStore store)
    {
        await store.SubmitAsync([Echo()]);
        return (await store.ClaimAsync("default", "silo-a", 1)).Tasks.Single();
    }
}
