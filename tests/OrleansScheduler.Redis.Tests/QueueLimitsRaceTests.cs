using System.Collections.Concurrent;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using StackExchange.Redis;

namespace OrleansScheduler.Redis.Tests;

/// <summary>claim.lua's limits with many claimers on separate connections at once, the way silos race for one queue.</summary>
public sealed class QueueLimitsRaceTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly FakeTimeProvider _clock = TestClock.Create();

    private static List<TaskSubmission> Echoes(int count) => [.. Enumerable.Range(0, count).Select(_ => new TaskSubmission { Type = "echo" })];

    [Fact]
    public async Task racing_claimers_that_complete_as_they_go_never_run_more_than_the_concurrency_limit()
    {
        const int total = 400, claimers = 8, limit = 5;
        string prefix = RedisServer.NewKeyPrefix();
        var setup = redis.NewStore(_clock, prefix);
        await setup.SetQueueLimitsAsync("default", new QueueLimits { MaxConcurrency = limit });
        await setup.SubmitAsync(Echoes(total));
        using var connections = await redis.ConnectMany(claimers + 1);
        var running = connections.All[claimers].GetDatabase();
        string runningKey = $"{prefix}:{{q:default}}:running";

        var claimed = new ConcurrentBag<string>();
        var peaks = new ConcurrentBag<long>();
        int done = 0;
        await Task.WhenAll(Enumerable.Range(0, claimers).Select(n => Task.Run(async () =>
        {
            var store = redis.NewStore(_clock, prefix, connections.All[n]);
            while (Volatile.Read(ref done) < total)
            {
                var batch = (await store.ClaimAsync("default", $"silo-{n}.a", 3)).Tasks;
                foreach (var task in batch) claimed.Add(task.Id);
                // what Redis holds as Running, read while the others keep claiming
                peaks.Add(await running.SortedSetLengthAsync(runningKey));
                await store.CompleteAsync([.. batch.Select(t => new TaskCompletion(t.Id, t.Queue, t.Token, "null"))]);
                Interlocked.Add(ref done, batch.Count);
            }
        })));

        Assert.Equal(total, claimed.Count);
        Assert.Equal(total, claimed.Distinct().Count());
        Assert.InRange(peaks.Max(), 1, limit);
        Assert.Equal(total, (await setup.GetQueueStatsAsync("default")).Counts[TaskState.Succeeded]);
    }

    [Fact]
    public async Task racing_claimers_start_no_more_tasks_than_the_bucket_holds_and_refills()
    {
        const int claimers = 8;
        string prefix = RedisServer.NewKeyPrefix();
        var setup = redis.NewStore(_clock, prefix);
        await setup.SetQueueLimitsAsync("default", new QueueLimits { RatePerSecond = 10 });
        await setup.SubmitAsync(Echoes(200));
        using var connections = await redis.ConnectMany(claimers);
        var stores = connections.All.Select(c => redis.NewStore(_clock, prefix, c)).ToList();
        var claimed = new ConcurrentBag<string>();

        // Each round: every claimer races for up to 4 at once, then the clock moves 50 ms (half a token).
        for (int round = 0; round <= 20; round++)
        {
            await Task.WhenAll(stores.Select((store, n) => Task.Run(async () =>
            {
                foreach (var task in (await store.ClaimAsync("default", $"silo-{n}.a", 4)).Tasks) claimed.Add(task.Id);
            })));
            int allowed = 10 + round / 2; // full bucket of 10, then one token per 100 ms
            Assert.True(claimed.Count == allowed, $"after {round * 50} ms {claimed.Count} tasks started; the bucket allows exactly {allowed}");
            _clock.Advance(TimeSpan.FromMilliseconds(50));
        }

        Assert.Equal(claimed.Count, claimed.Distinct().Count());
    }

    [Fact]
    public async Task a_claim_under_a_rate_writes_the_bucket_and_a_queue_without_limits_has_no_limit_keys()
    {
        string prefix = RedisServer.NewKeyPrefix();
        var store = redis.NewStore(_clock, prefix);
        await store.SubmitAsync(Echoes(3));
        await store.SubmitAsync([new TaskSubmission { Type = "echo", Queue = "limited" }, new TaskSubmission { Type = "echo", Queue = "limited" }]);
        await store.SetQueueLimitsAsync("limited", new QueueLimits { RatePerSecond = 1.5, MaxConcurrency = 7 });
        await store.ClaimAsync("default", "silo-a", 3);
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        await store.ClaimAsync("limited", "silo-a", 3);

        var db = redis.Connection.GetDatabase();
        Assert.False(await db.KeyExistsAsync($"{prefix}:{{q:default}}:limits"));
        Assert.False(await db.KeyExistsAsync($"{prefix}:{{q:default}}:bucket"));
        Assert.Equal(new Dictionary<string, string> { ["c"] = "7", ["r"] = "1.5" }, await Hash(db, $"{prefix}:{{q:limited}}:limits"));
        long now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        Assert.Equal(new Dictionary<string, string> { ["t"] = "0.5", ["at"] = now.ToString() }, await Hash(db, $"{prefix}:{{q:limited}}:bucket"));
    }

    private static async Task<Dictionary<string, string>> Hash(IDatabase db, string key) =>
        (await db.HashGetAllAsync(key)).ToDictionary(e => (string)e.Name!, e => (string)e.Value!);
}
