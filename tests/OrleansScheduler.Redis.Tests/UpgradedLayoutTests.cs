using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using StackExchange.Redis;

namespace OrleansScheduler.Redis.Tests;

/// <summary>
/// A queue stored by an earlier version (a hash per task with a sorted set of every id; one ready
/// sorted set scored by priority then sequence; one stream entry per event) keeps working when the
/// store is upgraded in place: nothing is lost, and the old events do not break the readers.
/// </summary>
public sealed class UpgradedLayoutTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly FakeTimeProvider _clock = TestClock.Create();

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
            await db.SortedSetAddAsync(q + ":ids", id, 0);
        }
        await db.StringSetAsync(q + ":seq", 4);
        await db.ScriptEvaluateAsync("return redis.call('XADD', KEYS[1], ARGV[1], 't', 'old-a', 'y', 'submitted', 'f', '', 'o', 'P', 'si', '', 'a', 0, 'ts', ARGV[2], 'e', '')",
            [q + ":events"], [$"{now + 5000}-0", now]);
        await db.SetAddAsync(p + ":{os:cluster}:queues", "default");
        var store = redis.NewStore(_clock, p);

        var stats = await store.GetQueueStatsAsync("default"); // counts them before any claim moved them
        var fresh = await store.SubmitAsync([new TaskSubmission { Type = "echo" }]);
        var claimed = (await store.ClaimAsync("default", "silo-a", 10)).Tasks.Select(t => t.Id);

        Assert.Equal(3, stats.Counts[TaskState.Pending]);
        Assert.Equal(["old-b", "old-a", "old-c", fresh[0]], claimed);
        Assert.False(await db.KeyExistsAsync(q + ":ready"));
        Assert.False(await db.KeyExistsAsync(q + ":seq"));
        // every task moved into the chunks, the one no claim touched too
        Assert.False(await db.KeyExistsAsync(q + ":ids"));
        Assert.Empty(redis.Admin.Keys(pattern: q + ":task:*"));
        Assert.Equal(TaskState.Canceled, (await store.GetAsync("old-gone"))!.Status);
        var events = await store.ReadEventsAsync("default", null, 100);
        Assert.Equal([TaskEventTypes.Submitted, TaskEventTypes.Started, TaskEventTypes.Started, TaskEventTypes.Started, TaskEventTypes.Started],
            events.Select(e => e.Type));
        Assert.All(events, e => Assert.StartsWith($"{now + 5001}-", e.Id)); // after the old entry, whose id was ahead
        Assert.Single((await store.GetTaskEventsAsync("old-a"))!);
    }

    [Fact]
    public async Task tasks_stored_a_hash_each_are_found_by_id_and_listed_whole_in_id_order_before_any_claim_moved_them()
    {
        string p = RedisServer.NewKeyPrefix();
        string q = p + ":{q:default}";
        var db = redis.Connection.GetDatabase();
        long now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        // more than one call moves (1,000), so a listing has to wait for the moves to pass its position
        string[] ids = [.. Enumerable.Range(0, 1500).Select(i => $"old-{i:D5}")];
        await db.ScriptEvaluateAsync("""
            for i = 0, 1499 do
              local id = string.format('old-%05d', i)
              redis.call('HSET', KEYS[1] .. ':task:' .. id, 's', 'D', 't', 'echo', 'p', 'null', 'm', 3, 'to', 5000, 'bo', 1000,
                'c', ARGV[1], 'a', 1, 'k', 1, 'si', 'silo-old', 'sa', ARGV[1], 'fa', ARGV[1], 'r', '1')
              redis.call('ZADD', KEYS[1] .. ':done', ARGV[1], id)
              redis.call('ZADD', KEYS[1] .. ':ids', 0, id)
            end
            """, [q], [now]);
        await db.SetAddAsync(p + ":{os:cluster}:queues", "default");
        var store = redis.NewStore(_clock, p);

        var last = await store.GetAsync("old-01499");
        var fresh = (await store.SubmitAsync([new TaskSubmission { Type = "echo", Id = "old-01000x" }]))[0];

        Assert.Equal((TaskState.Succeeded, "1"), (last!.Status, last.Result));
        var listed = new List<string>();
        string? cursor = null;
        do
        {
            var page = await store.ListAsync(new TaskQuery { Limit = 1000, Cursor = cursor });
            listed.AddRange(page.Tasks.Select(t => t.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        Assert.Equal([.. ids.Append(fresh).Order(StringComparer.Ordinal)], listed);
        Assert.False(await db.KeyExistsAsync(q + ":ids"));
        Assert.Empty(redis.Admin.Keys(pattern: q + ":task:*"));
    }
}
