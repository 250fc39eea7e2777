using System.Globalization;
using System.Text.RegularExpressions;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using StackExchange.Redis;

namespace OrleansScheduler.Redis.Tests;

/// <summary>What is in Redis is what <see cref="RedisKeys"/>' remarks (and docs/redis.md) say.</summary>
public sealed class KeyLayoutTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly FakeTimeProvider _clock = TestClock.Create();

    [Fact]
    public async Task a_queue_keeps_every_key_under_its_own_hash_tag_and_the_queue_set_under_the_cluster_tag()
    {
        string p = RedisServer.NewKeyPrefix();
        var store = redis.NewStore(_clock, p);
        var ids = await store.SubmitAsync([
            new TaskSubmission { Type = "echo" },
            new TaskSubmission { Type = "echo", RunAt = _clock.GetUtcNow().AddMinutes(1) },
            new TaskSubmission { Type = "echo" },
        ]);
        await store.ClaimAsync("default", "silo-a", 1);

        var keys = redis.Admin.Keys(pattern: p + ":*").Select(k => (string)k!).Order(StringComparer.Ordinal);

        string q = p + ":{q:default}";
        string[] expected = [
            p + ":{os:cluster}:queues", q + ":chunk:", q + ":events", q + ":evlast", q + ":prios", q + ":ready:0", q + ":running", q + ":running:silo-a",
            q + ":scheduled",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), keys);
        Assert.All(keys, key => Assert.Matches(@"^[^{]*\{(q:default|os:cluster)\}", key));
    }

    [Fact]
    public async Task a_waiting_task_holds_only_its_short_documented_fields()
    {
        string p = RedisServer.NewKeyPrefix();
        var store = redis.NewStore(_clock, p);
        var id = (await store.SubmitAsync([new TaskSubmission { Type = "echo", Payload = "{\"n\":1}" }]))[0];

        var fields = await StoredTasks.Get(redis.Connection.GetDatabase(), $"{p}:{{q:default}}", id);

        Assert.Equal(new Dictionary<string, string>
        {
            ["s"] = "P", ["t"] = "echo", ["p"] = "{\"n\":1}", ["m"] = "3", ["to"] = "30000", ["bo"] = "1000",
            ["c"] = _clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(),
        }, fields);
    }

    [Fact]
    public async Task pending_tasks_wait_in_one_list_per_priority_and_the_levels_go_highest_first()
    {
        string p = RedisServer.NewKeyPrefix();
        var store = redis.NewStore(_clock, p);
        var ids = await store.SubmitAsync([
            new TaskSubmission { Type = "echo" }, new TaskSubmission { Type = "echo", Priority = TaskLimits.MinPriority },
            new TaskSubmission { Type = "echo" }, new TaskSubmission { Type = "echo", Priority = TaskLimits.MaxPriority },
        ]);
        var db = redis.Connection.GetDatabase();
        string q = $"{p}:{{q:default}}";
        string min = TaskLimits.MinPriority.ToString(CultureInfo.InvariantCulture), max = TaskLimits.MaxPriority.ToString(CultureInfo.InvariantCulture);

        Assert.Equal([max, "0", min], (await db.SortedSetRangeByRankAsync(q + ":prios")).Select(v => (string)v!));
        Assert.Equal([ids[0], ids[2]], (await db.ListRangeAsync(q + ":ready:0")).Select(v => (string)v!));
        Assert.Equal([ids[1]], (await db.ListRangeAsync(q + ":ready:" + min)).Select(v => (string)v!));
        Assert.Equal([ids[3], ids[0], ids[2], ids[1]], (await store.ClaimAsync("default", "silo-a", 10)).Tasks.Select(t => t.Id));
        Assert.Equal(0, await db.SortedSetLengthAsync(q + ":prios"));
    }

    [Fact]
    public async Task sweeping_or_releasing_in_a_queue_that_does_not_exist_creates_no_keys()
    {
        string p = RedisServer.NewKeyPrefix();
        var store = redis.NewStore(_clock, p);

        await store.RequeueSiloTasksAsync("ghost", "silo-1.a", maxFailovers: 3);
        await store.PromoteDueAsync("ghost");
        await store.ReleaseAsync([new TaskRelease("no-such-task", "ghost", 1)]);

        Assert.Empty(redis.Admin.Keys(pattern: p + ":*"));
    }

    [Fact]
    public async Task a_failover_is_counted_in_the_task_as_fo()
    {
        string p = RedisServer.NewKeyPrefix();
        var store = redis.NewStore(_clock, p);
        var id = (await store.SubmitAsync([new TaskSubmission { Type = "echo" }]))[0];
        await store.ClaimAsync("default", "silo-1.a", 1);

        await store.RequeueSiloTasksAsync("default", "silo-1.a", maxFailovers: 3);

        Assert.Equal("1", await StoredTasks.Field(redis.Connection.GetDatabase(), $"{p}:{{q:default}}", id, "fo"));
    }

    [Fact]
    public async Task a_requeued_silo_is_remembered_in_the_queues_gone_zset_scored_by_when_and_its_running_set_goes()
    {
        string p = RedisServer.NewKeyPrefix();
        var store = redis.NewStore(_clock, p);
        await store.SubmitAsync([new TaskSubmission { Type = "echo" }]);
        await store.ClaimAsync("default", "silo-1.a", 1);
        long now = _clock.GetUtcNow().ToUnixTimeMilliseconds();

        await store.RequeueSiloTasksAsync("default", "silo-1.a", maxFailovers: 3);

        var db = redis.Connection.GetDatabase();
        string q = p + ":{q:default}";
        Assert.Equal([("silo-1.a", (double)now)], (await db.SortedSetRangeByRankWithScoresAsync(q + ":gone")).Select(e => ((string)e.Element!, e.Score)));
        Assert.False(await db.KeyExistsAsync(q + ":running:silo-1.a"));
    }

    [Fact]
    public async Task a_claim_request_that_claimed_keeps_its_ids_and_tokens_for_a_minute_and_one_that_claimed_nothing_writes_no_key()
    {
        string p = RedisServer.NewKeyPrefix();
        var store = redis.NewStore(_clock, p);
        await store.ClaimAsync(new ClaimRequest("default", "silo-a", 2) { RequestId = "empty" });
        var ids = await store.SubmitAsync([new TaskSubmission { Type = "echo" }, new TaskSubmission { Type = "echo" }]);

        var claimed = await store.ClaimAsync(new ClaimRequest("default", "silo-a", 2) { RequestId = "r-1" });

        var db = redis.Connection.GetDatabase();
        string q = p + ":{q:default}";
        Assert.False(await db.KeyExistsAsync(q + ":claim:empty"));
        Assert.Equal($"[\"{ids[0]}\",{claimed.Tasks[0].Token},\"{ids[1]}\",{claimed.Tasks[1].Token}]", (string?)await db.StringGetAsync(q + ":claim:r-1"));
        Assert.InRange((await db.KeyTimeToLiveAsync(q + ":claim:r-1"))!.Value, TimeSpan.FromSeconds(50), ClaimRequest.RequestMemory);
    }

    [Fact]
    public void every_script_is_embedded_and_documents_its_keys_arguments_and_returns()
    {
        string[] documented = [
            "submit", "claim", "complete", "fail", "progress", "expire", "cancel", "list", "release", "requeue_silo", "running_owners", "promote",
            "pause", "resume", "retry", "delete", "stale",
            "set_limits", "stats", "sweep", "append_logs", "events", "task_events", "get",
            "get_many", "wait", "unblock", "spawn", "count_child", "children", "reroute", "routed",
            "schedule_create", "schedule_upsert", "schedule_advance", "schedule_delete", "schedule_list", "memory_policy",
        ];
        var embedded = typeof(RedisScript).Assembly.GetManifestResourceNames()
            .Where(r => r.StartsWith("OrleansScheduler.Redis.Scripts.", StringComparison.Ordinal))
            .Select(r => r["OrleansScheduler.Redis.Scripts.".Length..^".lua".Length])
            .Where(name => !name.StartsWith('_')); // helpers pasted into scripts by --#include, not scripts of their own
        Assert.Equal(documented.Order(StringComparer.Ordinal), embedded.Order(StringComparer.Ordinal));

        foreach (string name in documented)
        {
            string text = RedisScript.FromResource(name).StandaloneText;
            Assert.Matches(new Regex(@"^-- " + name + @"\.lua:"), text);
            Assert.Matches(new Regex(@"-- KEYS(\[1\]| +none)"), text);
            Assert.Matches(new Regex(@"-- ARGV(\[1\]| +none)"), text);
            Assert.Contains("-- Returns", text);
        }
    }
}
