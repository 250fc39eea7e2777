using System.Collections.Concurrent;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using StackExchange.Redis;

namespace OrleansScheduler.Redis.Tests;

/// <summary>claim.lua on its own, on hand-made keys in the documented layout, before the store built on it.</summary>
public sealed class ClaimScriptTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private const long NowMs = 1_767_225_600_000; // 2026-01-01T00:00:00Z
    private static readonly string ClaimLua = RedisScript.FromResource("claim").StandaloneText;
    private readonly RedisKeys _keys = new(RedisServer.NewKeyPrefix());

    private string Q(string suffix) => (string)_keys.Queue("q")! + suffix;

    // at the back of its priority's ready list, the priority among the levels that have Pending tasks
    private async Task SeedPending(IDatabase db, string id, int priority, int timeoutMs = 5000)
    {
        await StoredTasks.Put(db, _keys.Queue("q"), id, ("s", "P"), ("t", "echo"), ("p", $"\"{id}\""), ("m", 3), ("to", timeoutMs), ("bo", 1000), ("c", NowMs));
        await db.ListRightPushAsync(Q($":ready:{priority}"), id);
        await db.SortedSetAddAsync(Q(":prios"), priority.ToString(System.Globalization.CultureInfo.InvariantCulture), -priority);
    }

    private async Task SeedScheduled(IDatabase db, string id, long dueMs)
    {
        await StoredTasks.Put(db, _keys.Queue("q"), id, ("s", "S"), ("t", "echo"), ("p", "null"), ("m", 3), ("to", 5000), ("bo", 1000), ("c", NowMs), ("ra", dueMs));
        await db.SortedSetAddAsync(Q(":scheduled"), id, dueMs);
    }

    private Task<RedisResult> Claim(IDatabaseAsync db, string silo, int max, long nowMs = NowMs) =>
        db.ScriptEvaluateAsync(ClaimLua, [_keys.Queue("q")], [nowMs, silo, max, 1000, HistoryLimits.Default.EventStreamLength, HistoryLimits.Default.MaxAttemptHistory]);

    [Fact]
    public async Task a_claim_takes_the_highest_priority_and_starts_an_attempt_with_a_new_token()
    {
        var db = redis.Connection.GetDatabase();
        await SeedPending(db, "low", priority: 0);
        await SeedPending(db, "high", priority: 7, timeoutMs: 2500);

        var reply = (RedisResult[])(await Claim(db, "silo-a", 1))!;

        Assert.Equal(["", "high", "echo", "\"high\"", "1", "3", "1", "2500", "", "", "", "", NowMs.ToString()], reply.Select(r => (string)r!)); // "": no family fields, routing, target or trace; then when it became due
        var task = await StoredTasks.Get(db, _keys.Queue("q"), "high");
        Assert.Equal(("R", "1", "1", "silo-a", NowMs.ToString()), (task["s"], task["a"], task["k"], task["si"], task["sa"]));
        Assert.Equal(NowMs + 2500, await db.SortedSetScoreAsync(Q(":running"), "high"));
        Assert.True(await db.SetContainsAsync(Q(":running:silo-a"), "high"));
        Assert.Equal(["low"], (await db.ListRangeAsync(Q(":ready:0"))).Select(v => (string)v!));
        Assert.False(await db.KeyExistsAsync(Q(":ready:7")));
        Assert.Equal(["0"], (await db.SortedSetRangeByRankAsync(Q(":prios"))).Select(v => (string)v!)); // the emptied level went
    }

    [Fact]
    public async Task a_second_claim_for_the_same_task_loses_the_race()
    {
        using var first = await redis.Connect();
        using var second = await redis.Connect();
        var seed = redis.Connection.GetDatabase();

        for (int round = 0; round < 200; round++)
        {
            await SeedPending(seed, $"t{round}", priority: 0);
            var replies = await Task.WhenAll(Claim(first.GetDatabase(), "silo-a", 1), Claim(second.GetDatabase(), "silo-b", 1));

            int winners = replies.Count(r => ((RedisResult[])r!).Length > 1);
            Assert.True(winners == 1, $"round {round}: {winners} claimers got the task; exactly one should");
            Assert.Equal("1", await StoredTasks.Field(seed, _keys.Queue("q"), $"t{round}", "k"));
        }
    }

    [Fact]
    public async Task due_scheduled_tasks_are_promoted_at_most_a_thousand_per_claim_and_the_rest_wait()
    {
        var db = redis.Connection.GetDatabase();
        for (int i = 0; i < 1200; i++) await SeedScheduled(db, $"d{i:D4}", NowMs - 1200 + i);
        await SeedScheduled(db, "later", NowMs + 60_000);

        var reply = (RedisResult[])(await Claim(db, "silo-a", 0))!;

        Assert.Equal(1000, await db.ListLengthAsync(Q(":ready:0")));
        Assert.Equal(201, await db.SortedSetLengthAsync(Q(":scheduled")));
        Assert.Equal((NowMs - 200).ToString(), (string?)reply[0]);
        Assert.Equal("P", await StoredTasks.Field(db, _keys.Queue("q"), "d0000", "s"));
        Assert.Equal("S", await StoredTasks.Field(db, _keys.Queue("q"), "d1000", "s"));
    }

    [Fact]
    public async Task many_claimers_on_separate_connections_claim_every_task_exactly_once()
    {
        const int total = 5000, claimers = 8;
        var clock = new FakeTimeProvider();
        string prefix = RedisServer.NewKeyPrefix();
        var submitter = redis.NewStore(clock, prefix);
        for (int i = 0; i < total; i += 1000)
            await submitter.SubmitAsync(Enumerable.Range(0, 1000).Select(_ => new TaskSubmission { Type = "echo" }).ToList());

        var connections = await Task.WhenAll(Enumerable.Range(0, claimers).Select(_ => redis.Connect()));
        var claimed = new ConcurrentBag<ClaimedTask>();
        try
        {
            await Task.WhenAll(connections.Select((connection, n) => Task.Run(async () =>
            {
                var store = redis.NewStore(clock, prefix, connection);
                while ((await store.ClaimAsync("default", $"silo-{n}", 1 + n * 13)).Tasks is { Count: > 0 } batch)
                {
                    foreach (var task in batch) claimed.Add(task);
                }
            })));
        }
        finally
        {
            foreach (var connection in connections) connection.Dispose();
        }

        Assert.Equal(total, claimed.Count);
        Assert.Equal(total, claimed.Select(t => t.Id).Distinct().Count());
        Assert.All(claimed, t => Assert.Equal(1, t.Token));
    }
}
