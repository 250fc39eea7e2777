using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Redis.Tests;

/// <summary>Idempotency keys hold across connections and across the guarded (multi-queue, chosen-id) path, and live where RedisKeys says.</summary>
public sealed class IdempotentSubmissionTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly FakeTimeProvider _clock = TestClock.Create();

    private static TaskSubmission Keyed(string key, string queue = "default", string payload = "{\"n\":1}", string? id = null) =>
        new() { Type = "echo", Queue = queue, Payload = payload, IdempotencyKey = key, Id = id };

    [Fact]
    public async Task the_same_key_submitted_at_once_on_many_connections_makes_one_task()
    {
        string p = RedisServer.NewKeyPrefix();
        using var connections = await redis.ConnectMany(8);
        var stores = connections.All.Select(c => redis.NewStore(_clock, p, c)).ToList();

        var ids = await Task.WhenAll(stores.Select(s => s.SubmitAsync([Keyed("order-7")])));

        Assert.Single(ids.Select(r => r[0]).Distinct());
        Assert.Single((await stores[0].ListAsync(new TaskQuery())).Tasks);
    }

    [Fact]
    public async Task a_conflicting_key_refuses_a_multi_queue_batch_before_any_queue_stores_anything()
    {
        string p = RedisServer.NewKeyPrefix();
        var store = redis.NewStore(_clock, p);
        var first = (await store.SubmitAsync([Keyed("order-7", queue: "b")]))[0];
        var before = redis.Admin.Keys(pattern: p + ":*").Select(k => (string)k!).Order(StringComparer.Ordinal).ToList();

        var error = await Assert.ThrowsAsync<IdempotencyConflictException>(() =>
            store.SubmitAsync([new TaskSubmission { Type = "echo", Queue = "a" }, Keyed("order-7", queue: "b", payload: "{\"n\":2}")]));

        Assert.Equal(("b", "order-7", first), (error.Queue, error.Key, error.ExistingTaskId));
        Assert.Equal(before, redis.Admin.Keys(pattern: p + ":*").Select(k => (string)k!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task a_repeat_in_a_multi_queue_batch_gets_the_first_id_and_the_rest_is_stored()
    {
        var store = redis.NewStore(_clock);
        var first = (await store.SubmitAsync([Keyed("order-7", queue: "b")]))[0];

        var ids = await store.SubmitAsync([new TaskSubmission { Type = "echo", Queue = "a" }, Keyed("order-7", queue: "b")]);

        Assert.Equal(first, ids[1]);
        Assert.Equal("a", (await store.GetAsync(ids[0]))!.Queue);
        Assert.Single((await store.ListAsync(new TaskQuery { Queue = "b" })).Tasks);
    }

    [Fact]
    public async Task resubmitting_a_chosen_id_with_its_key_returns_the_task_instead_of_a_conflict()
    {
        var store = redis.NewStore(_clock);
        await store.SubmitAsync([Keyed("order-7", id: "invoice-7")]);

        Assert.Equal(["invoice-7"], await store.SubmitAsync([Keyed("order-7", id: "invoice-7")]));
        await Assert.ThrowsAsync<TaskAlreadyExistsException>(() => store.SubmitAsync([Keyed("order-8", id: "invoice-7")]));
    }

    [Fact]
    public async Task the_dedup_key_holds_id_fingerprint_and_expiry_and_goes_with_its_task()
    {
        string p = RedisServer.NewKeyPrefix();
        var store = redis.NewStore(_clock, p);
        var id = (await store.SubmitAsync([Keyed("order-7")]))[0];
        var db = redis.Connection.GetDatabase();
        string dedup = $"{p}:{{q:default}}:dedup:order-7";

        var fields = (await db.HashGetAllAsync(dedup)).ToDictionary(e => (string)e.Name!, e => (string)e.Value!);
        Assert.Equal(["fp", "id", "x"], fields.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(id, fields["id"]);
        Assert.Equal((_clock.GetUtcNow() + TaskLimits.DefaultIdempotencyWindow).ToUnixTimeMilliseconds().ToString(), fields["x"]);
        Assert.Matches("^[0-9a-f]{64}$", fields["fp"]);
        Assert.Equal("order-7", await StoredTasks.Field(db, $"{p}:{{q:default}}", id, "ik"));
        Assert.True(await db.KeyTimeToLiveAsync(dedup) > TaskLimits.DefaultIdempotencyWindow); // cleanup only, past the window

        await store.CancelAsync(id);
        await store.DeleteAsync(id);

        Assert.False(await db.KeyExistsAsync(dedup));
        Assert.NotEqual(id, (await store.SubmitAsync([Keyed("order-7", payload: "{\"n\":2}")]))[0]);
    }

    [Fact]
    public async Task deleting_an_old_task_keeps_the_key_a_newer_task_took_after_the_window()
    {
        string p = RedisServer.NewKeyPrefix();
        var store = redis.NewStore(_clock, p);
        var old = (await store.SubmitAsync([Keyed("k")]))[0];
        _clock.Advance(TaskLimits.DefaultIdempotencyWindow + TimeSpan.FromMilliseconds(1));
        var newer = (await store.SubmitAsync([Keyed("k")]))[0];

        await store.CancelAsync(old);
        await store.DeleteAsync(old);

        Assert.Equal(newer, (await store.SubmitAsync([Keyed("k")]))[0]);
    }
}
