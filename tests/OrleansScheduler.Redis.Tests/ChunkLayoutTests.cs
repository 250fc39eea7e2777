using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using StackExchange.Redis;

namespace OrleansScheduler.Redis.Tests;

/// <summary>
/// A queue's tasks live in chunks (hashes of at most 100 tasks, by id range, see <see cref="RedisKeys"/>):
/// every task is in exactly the chunk its id belongs in, chunks stay small enough for Redis' compact
/// encoding, and emptied chunks go.
/// </summary>
public sealed class ChunkLayoutTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly FakeTimeProvider _clock = TestClock.Create();

    private sealed record Chunk(string Bound, string[] Ids, string Encoding);

    /// <summary>Every chunk of the queue, in bound order: the first (bound '') and those <c>chunks</c> names.</summary>
    private async Task<List<Chunk>> Chunks(string queuePrefix)
    {
        var db = redis.Connection.GetDatabase();
        var bounds = new List<string> { "" };
        // the index also holds a padding member below every id, which keeps it in Redis' skiplist encoding
        bounds.AddRange((await db.SortedSetRangeByRankAsync(queuePrefix + ":chunks")).Select(v => (string)v!).Where(b => !b.StartsWith('!')));
        var chunks = new List<Chunk>();
        foreach (string bound in bounds)
        {
            string key = queuePrefix + ":chunk:" + bound;
            var ids = (await db.HashKeysAsync(key)).Select(v => (string)v!).ToArray();
            string encoding = ids.Length == 0 ? "" : (string)(await db.ScriptEvaluateAsync("return redis.call('OBJECT', 'ENCODING', KEYS[1])", [key]))!;
            chunks.Add(new Chunk(bound, ids, encoding));
        }
        return chunks;
    }

    private static string Chosen(Random random)
    {
        const string first = "0123456789ABCDEFGHJKMNPQRSTVWXYZabcxyz", rest = "0Za-_.9zA";
        return first[random.Next(first.Length)] + string.Concat(Enumerable.Range(0, random.Next(1, 12)).Select(_ => rest[random.Next(rest.Length)]))
            + Guid.NewGuid().ToString("N")[..6];
    }

    [Fact]
    public async Task tasks_submitted_in_any_id_order_land_each_once_in_the_compact_chunk_of_its_id_range()
    {
        string p = RedisServer.NewKeyPrefix();
        var store = redis.NewStore(_clock, p);
        var random = new Random(7);
        var submitted = new List<string>();
        // store-made ids (growing) in batches of every size, and client-chosen ones landing in between
        foreach (int size in new[] { 1, 99, 2, 250, 1, 1000, 37 })
        {
            submitted.AddRange(await store.SubmitAsync([.. Enumerable.Range(0, size).Select(_ => new TaskSubmission { Type = "echo" })]));
            // both cases and the punctuation ids may hold: a locale's collation orders them unlike bytes do
            string[] chosen = [.. Enumerable.Range(0, size / 3 + 1).Select(_ => Chosen(random))];
            submitted.AddRange(await store.SubmitAsync([.. chosen.Select(id => new TaskSubmission { Type = "echo", Id = id })]));
        }

        var chunks = await Chunks(p + ":{q:default}");

        Assert.Equal(submitted.Order(StringComparer.Ordinal), chunks.SelectMany(c => c.Ids).Order(StringComparer.Ordinal));
        for (int i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            Assert.InRange(chunk.Ids.Length, 0, 100);
            if (chunk.Ids.Length > 0) Assert.Equal("listpack", chunk.Encoding);
            string? next = i + 1 < chunks.Count ? chunks[i + 1].Bound : null;
            Assert.All(chunk.Ids, id => Assert.True(string.CompareOrdinal(id, chunk.Bound) >= 0 && (next is null || string.CompareOrdinal(id, next) < 0),
                $"'{id}' is in the chunk from '{chunk.Bound}' to '{next}'"));
        }
        // splits leave chunks at least about half full: few chunks for this many tasks
        Assert.InRange(chunks.Count, submitted.Count / 100, submitted.Count / 45);
        var all = await store.ListAsync(new TaskQuery { Limit = TaskQuery.MaxLimit });
        Assert.Equal(submitted.Order(StringComparer.Ordinal).Take(TaskQuery.MaxLimit), all.Tasks.Select(t => t.Id));
    }

    [Fact]
    public async Task a_chunk_whose_tasks_are_all_deleted_or_swept_leaves_the_chunk_index()
    {
        string p = RedisServer.NewKeyPrefix();
        string q = p + ":{q:default}";
        var store = redis.NewStore(_clock, p);
        var ids = await store.SubmitAsync([.. Enumerable.Range(0, 300).Select(_ => new TaskSubmission { Type = "echo" })]);
        Assert.Equal([100, 100, 100], (await Chunks(q)).Select(c => c.Ids.Length)); // the newest chunk fills up before the next starts

        foreach (string id in ids.Take(250)) await store.DeleteAsync(id);
        var claimed = (await store.ClaimAsync("default", "silo-a", 100)).Tasks;
        await store.CompleteAsync([.. claimed.Select(t => new TaskCompletion(t.Id, "default", t.Token, "null"))]);
        _clock.Advance(TimeSpan.FromDays(30));
        await store.SweepFinishedAsync("default", 1000);

        Assert.False(await redis.Connection.GetDatabase().KeyExistsAsync(q + ":chunks"));
        Assert.Empty(redis.Admin.Keys(pattern: q + ":chunk:*"));
    }

    [Fact]
    public async Task chunks_thinned_out_by_deletions_join_the_chunk_before_them()
    {
        string p = RedisServer.NewKeyPrefix();
        string q = p + ":{q:default}";
        var store = redis.NewStore(_clock, p);
        var ids = await store.SubmitAsync([.. Enumerable.Range(0, 400).Select(_ => new TaskSubmission { Type = "echo" })]);
        Assert.Equal(4, (await Chunks(q)).Count);

        var kept = ids.Where((_, i) => i % 5 == 0).ToList();
        foreach (string id in ids.Except(kept)) await store.DeleteAsync(id);

        var chunks = await Chunks(q);
        Assert.Equal(kept.Order(StringComparer.Ordinal), chunks.SelectMany(c => c.Ids).Order(StringComparer.Ordinal));
        Assert.InRange(chunks.Count, 1, 2); // 80 tasks: not four chunks of 20
        foreach (string id in kept) Assert.Equal(id, (await store.GetAsync(id))?.Id);
        var listed = await store.ListAsync(new TaskQuery { Limit = 100 });
        Assert.Equal(kept.Order(StringComparer.Ordinal), listed.Tasks.Select(t => t.Id));
    }
}
