using System.Globalization;
using System.Text.RegularExpressions;
using OrleansScheduler.Membership;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using StackExchange.Redis;

namespace OrleansScheduler.Redis.Tests;

/// <summary>What is in Redis is what <see cref="RedisKeys"/>' remarks (and the README) say.</summary>
public sealed class KeyLayoutTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly FakeTimeProvider _clock = new();

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
    public async Task the_membership_table_and_the_leases_live_under_the_cluster_hash_tag()
    {
        string p = RedisServer.NewKeyPrefix();
        var cluster = redis.NewClusterStore(_clock, p);
        await cluster.JoinAsync(new SiloEntry { Id = "silo-1.a", Name = "silo-1", Status = SiloStatus.Active });
        await cluster.TryAcquireLeaseAsync("scheduler", "silo-1.a", TimeSpan.FromSeconds(5));

        var keys = redis.Admin.Keys(pattern: p + ":*").Select(k => (string)k!).Order(StringComparer.Ordinal);

        string c = p + ":{os:cluster}";
        Assert.Equal([c + ":lease:scheduler", c + ":silo:silo-1.a", c + ":silos"], keys);
    }

    [Fact]
    public async Task a_silo_hash_holds_only_its_short_documented_fields()
    {
        string p = RedisServer.NewKeyPrefix();
        var cluster = redis.NewClusterStore(_clock, p);
        long now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        await cluster.JoinAsync(new SiloEntry
        {
            Id = "silo-1.a", Name = "silo-1", Address = "http://10.0.0.1:5081", Queues = ["default", "images"], Capacity = 8,
            Labels = new Dictionary<string, string> { ["zone"] = "a" }, Version = "1.2.3", StartedAt = _clock.GetUtcNow(), Status = SiloStatus.Joining,
        });
        _clock.Advance(TimeSpan.FromSeconds(6));
        await cluster.HeartbeatAsync("silo-1.a", running: 3);
        await cluster.RequestDrainAsync("silo-1.a");
        _clock.Advance(TimeSpan.FromSeconds(6));
        await cluster.DeclareDeadAsync("silo-1.a", TimeSpan.FromSeconds(5));
        await cluster.MarkFailoverDoneAsync("silo-1.a");

        var fields = (await redis.Connection.GetDatabase().HashGetAllAsync($"{p}:{{os:cluster}}:silo:silo-1.a"))
            .ToDictionary(e => (string)e.Name!, e => (string)e.Value!);

        Assert.Equal(new Dictionary<string, string>
        {
            ["n"] = "silo-1", ["ad"] = "http://10.0.0.1:5081", ["q"] = "[\"default\",\"images\"]", ["cap"] = "8",
            ["l"] = "{\"zone\":\"a\"}", ["v"] = "1.2.3", ["st"] = now.ToString(), ["s"] = "D", ["hb"] = (now + 6000).ToString(),
            ["r"] = "3", ["dr"] = "1", ["dd"] = (now + 12000).ToString(), ["fd"] = "1",
        }, fields);
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
    public void every_script_is_embedded_and_documents_its_keys_arguments_and_returns()
    {
        string[] documented = [
            "submit", "claim", "complete", "fail", "progress", "expire", "cancel", "list", "release", "requeue_silo", "running_owners", "promote",
            "pause", "resume", "retry", "delete", "stale",
            "set_limits", "stats", "sweep", "append_logs", "events", "task_events", "get",
            "silo_join", "silo_heartbeat", "silo_status", "silo_drain", "silo_leave", "silo_list", "silo_declare_dead",
            "silo_failover_done", "silo_prune", "lease_acquire", "lease_release",
            "schedule_create", "schedule_upsert", "schedule_advance", "schedule_delete", "schedule_list",
        ];
        var embedded = typeof(RedisScript).Assembly.GetManifestResourceNames()
            .Where(r => r.StartsWith("OrleansScheduler.Redis.Scripts.", StringComparison.Ordinal))
            .Select(r => r["OrleansScheduler.Redis.Scripts.".Length..^".lua".Length])
            .Where(name => !name.StartsWith('_')); // helpers pasted into scripts by --#include, not scripts of their own
        Assert.Equal(documented.Order(StringComparer.Ordinal), embedded.Order(StringComparer.Ordinal));

        foreach (string name in documented)
        {
            string text = RedisScript.FromResource(name).Text;
            Assert.Matches(new Regex(@"^-- " + name + @"\.lua:"), text);
            Assert.Contains("-- KEYS[1]", text);
            Assert.Matches(new Regex(@"-- ARGV(\[1\]| +none)"), text);
            Assert.Contains("-- Returns", text);
        }
    }
}
