using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Redis.Tests;

/// <summary>
/// Small submissions to one queue that arrive while a call is in flight share the next call, and each
/// caller still gets exactly its own tasks, stored.
/// </summary>
public sealed class SubmitLanesTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public async Task submissions_that_arrive_while_a_call_is_in_flight_share_the_next_call_and_each_gets_its_own_tasks()
    {
        string p = RedisServer.NewKeyPrefix();
        var store = redis.NewStore(_clock, p);
        await store.SubmitAsync([new TaskSubmission { Type = "echo" }]); // scripts loaded, queue known
        using var other = await redis.Connect();
        // Redis busy for a moment (sent first): the first submission's call waits behind it while the others
        // queue up in the lane
        var busy = other.GetDatabase().ScriptEvaluateAsync(
            "local t = redis.call('TIME') local until_ = t[1] * 1000000 + t[2] + 300000 " +
            "repeat t = redis.call('TIME') until t[1] * 1000000 + t[2] >= until_ return 1");

        var submissions = Enumerable.Range(0, 100)
            .Select(n => Enumerable.Range(0, n % 3 + 1).Select(k => new TaskSubmission { Type = "echo", Payload = $"{{\"n\":{n},\"k\":{k}}}" }).ToList())
            .ToList();
        var ids = await Task.WhenAll(submissions.Select(s => store.SubmitAsync(s)));
        await busy;

        for (int n = 0; n < submissions.Count; n++)
        {
            Assert.Equal(submissions[n].Count, ids[n].Count);
            for (int k = 0; k < ids[n].Count; k++) Assert.Equal(submissions[n][k].Payload, (await store.GetAsync(ids[n][k]))!.Payload);
        }
        Assert.Equal(ids.Sum(i => i.Count), ids.SelectMany(i => i).Distinct().Count());
        // one stream entry per script call: the first submission, then far fewer calls than submissions
        long calls = (long)await redis.Connection.GetDatabase().ScriptEvaluateAsync("return redis.call('XLEN', KEYS[1])", [$"{p}:{{q:default}}:events"]) - 1;
        Assert.InRange(calls, 1, 10);
    }
}
