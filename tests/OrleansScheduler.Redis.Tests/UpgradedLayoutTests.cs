using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using StackExchange.Redis;

namespace OrleansScheduler.Redis.Tests;

/// <summary>
/// A queue stored by the version before the ready lists and the packed event entries (one ready
/// sorted set scored by priority then sequence, one stream entry per event) keeps working when the
/// store is upgraded in place: nothing Pending is lost, and the old events do not break the readers.
/// </summary>
public sealed class UpgradedLayoutTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly FakeTimeProvider _clock = new();

    private static double OldReadyScore(int priority, long seq) => (double)(TaskLimits.MaxPriority - priority) * (1L << 42) + seq;

    [Fact]
    public async Task pending_tasks_of_the_old_ready_set_are_claimed_first_in_their_old_order_and_old_events_are_skipped()
    {
        string p = RedisServer.NewKeyPrefix();
        string q = p + ":{q:default}";
        var db = redis.Connection.GetDatabase();
        long now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        // as the old version left them: three Pending tasks (one canceled since, but still in the set), and an
        // old-format event whose id is a little ahead of this store's clock
        foreach (var (id, priority, seq) in new[] { ("old-a", 0, 1L), ("old-b", 5, 2L), ("old-c", 0, 3L), ("old-gone", 0, 4L) })
        {
            string state = id == "old-gone" ? "C" : "P";
            await db.HashSetAsync(q + ":task:" + id, [new("s", state), new("t", "echo"), new("p", "null"), new("m", 3), new("to", 5000),
                new("bo", 1000), new("c", now), new("pr", priority)]);
            await db.SortedSetAddAsync(q + ":ready", id, OldReadyScore(priority, seq));
        }
        await db.StringSetAsync(q + ":seq", 4);
        await db.ScriptEvaluateAsync("return redis.call('XADD', KEYS[1], ARGV[1], 't', 'old-a', 'y', 'submitted', 'f', '', 'o', 'P', 'si', '', 'a', 0, 'ts', ARGV[2], 'e', '')",
            [q + ":events"], [$"{now + 5000}-0", now]);
        await db.SetAddAsync(p + ":{os:cluster}:queues", "default");
        var store = redis.NewStore(_clock, p);

        var fresh = await store.SubmitAsync([new TaskSubmission { Type = "echo" }]);
        var claimed = (await store.ClaimAsync("default", "silo-a", 10)).Tasks.Select(t => t.Id);

        Assert.Equal(["old-b", "old-a", "old-c", fresh[0]], claimed);
        Assert.False(await db.KeyExistsAsync(q + ":ready"));
        Assert.False(await db.KeyExistsAsync(q + ":seq"));
        var events = await store.ReadEventsAsync("default", null, 100);
        Assert.Equal([TaskEventTypes.Submitted, TaskEventTypes.Started, TaskEventTypes.Started, TaskEventTypes.Started, TaskEventTypes.Started],
            events.Select(e => e.Type));
        Assert.All(events, e => Assert.StartsWith($"{now + 5001}-", e.Id)); // after the old entry, whose id was ahead
        Assert.Single((await store.GetTaskEventsAsync("old-a"))!);
    }
}
