using System.Text.RegularExpressions;
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
            p + ":{os:cluster}:queues", q + ":ids", q + ":ready", q + ":running", q + ":running:silo-a",
            q + ":scheduled", q + ":seq", .. ids.Select(id => q + ":task:" + id),
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), keys);
        Assert.All(keys, key => Assert.Matches(@"^[^{]*\{(q:default|os:cluster)\}", key));
    }

    [Fact]
    public async Task a_waiting_task_hash_holds_only_its_short_documented_fields()
    {
        string p = RedisServer.NewKeyPrefix();
        var store = redis.NewStore(_clock, p);
        var id = (await store.SubmitAsync([new TaskSubmission { Type = "echo", Payload = "{\"n\":1}" }]))[0];

        var fields = (await redis.Connection.GetDatabase().HashGetAllAsync($"{p}:{{q:default}}:task:{id}"))
            .ToDictionary(e => (string)e.Name!, e => (string)e.Value!);

        Assert.Equal(new Dictionary<string, string>
        {
            ["s"] = "P", ["t"] = "echo", ["p"] = "{\"n\":1}", ["m"] = "3", ["to"] = "30000", ["bo"] = "1000",
            ["c"] = _clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(),
        }, fields);
    }

    [Fact]
    public async Task the_ready_score_is_priority_first_then_a_per_queue_sequence()
    {
        string p = RedisServer.NewKeyPrefix();
        var store = redis.NewStore(_clock, p);
        var ids = await store.SubmitAsync([new TaskSubmission { Type = "echo" }, new TaskSubmission { Type = "echo", Priority = TaskLimits.MinPriority }]);

        var scores = (await redis.Connection.GetDatabase().SortedSetRangeByRankWithScoresAsync($"{p}:{{q:default}}:ready"))
            .ToDictionary(e => (string)e.Element!, e => e.Score);

        Assert.Equal(1000d * (1L << 42) + 1, scores[ids[0]]);
        Assert.Equal(2000d * (1L << 42) + 2, scores[ids[1]]); // the largest score there is, still exact in a double
    }

    [Fact]
    public void every_script_is_embedded_and_documents_its_keys_arguments_and_returns()
    {
        foreach (string name in new[] { "submit", "claim", "complete", "fail", "progress", "expire", "cancel", "list" })
        {
            string text = RedisScript.FromResource(name).Text;
            Assert.Matches(new Regex(@"^-- " + name + @"\.lua:"), text);
            Assert.Contains("-- KEYS[1]", text);
            Assert.Contains("-- ARGV[1]", text);
            Assert.Contains("-- Returns", text);
        }
    }
}
