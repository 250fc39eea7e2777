using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using StackExchange.Redis;

namespace OrleansScheduler.Redis.Tests;

/// <summary>
/// Where routed tasks wait in Redis (<see cref="RedisKeys"/>' remarks, <c>_ready.lua</c>): a zset per lane with its
/// index, beside the shared lists that plain tasks keep to alone; a key's exact running set, and the index that keeps
/// keys at their limit out of claims' way; and the bounds a claim looks within (<c>_lanes.lua</c>).
/// </summary>
public sealed class RoutingLayoutTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly FakeTimeProvider _clock = TestClock.Create();

    private static TaskSubmission Work(TaskRouting? routing = null, string? routedTo = null, int priority = 0) =>
        new() { Type = "echo", Routing = routing, RoutedTo = routedTo, Priority = priority };

    private static string Q(string prefix) => prefix + ":{q:default}";

    private IEnumerable<string> Keys(string prefix) => redis.Admin.Keys(pattern: prefix + ":*").Select(k => (string)k!).Order(StringComparer.Ordinal);

    [Fact]
    public async Task plain_tasks_submitted_claimed_and_completed_leave_no_routing_key_and_no_routing_field()
    {
        string p = RedisServer.NewKeyPrefix();
        var store = redis.NewStore(_clock, p);
        var ids = await store.SubmitAsync([Work(), Work()]);
        var claimed = (await store.ClaimAsync(new ClaimRequest("default", "silo-a", 1) { FreeSlots = 4, Labels = new Dictionary<string, string> { ["gpu"] = "a100" } })).Tasks;
        await store.CompleteAsync([new TaskCompletion(claimed[0].Id, "default", claimed[0].Token, "1")]);

        Assert.Null(claimed[0].Routing);
        Assert.DoesNotMatch(@"(?m)\}:(routed|fit|key|keys|kfull|krun|lseq)(:|$)", string.Join("\n", Keys(p)));
        var fields = await StoredTasks.Get(redis.Connection.GetDatabase(), Q(p), ids[1]);
        Assert.DoesNotContain(fields.Keys, f => f.StartsWith('r') && f != "r");
    }

    [Fact]
    public async Task a_task_routed_to_a_silo_waits_in_that_silos_lane_and_only_that_silo_claims_it()
    {
        string p = RedisServer.NewKeyPrefix();
        var store = redis.NewStore(_clock, p);
        var routing = new TaskRouting { Strategy = RoutingStrategy.Pinned, Silo = "silo-b" };
        string id = (await store.SubmitAsync([Work(routing, "silo-b")]))[0];
        var db = redis.Connection.GetDatabase();

        Assert.Equal([id], (await db.SortedSetRangeByRankAsync(Q(p) + ":routed:silo-b")).Select(v => (string)v!));
        Assert.Equal(["silo-b"], await store.ListRoutedSilosAsync("default"));
        var fields = await StoredTasks.Get(db, Q(p), id);
        Assert.Equal(("silo-b", _clock.GetUtcNow().ToUnixTimeMilliseconds().ToString()), (fields["rt"], fields["rs"]));
        Assert.Empty((await store.ClaimAsync("default", "silo-a", 5)).Tasks);

        var claimed = Assert.Single((await store.ClaimAsync("default", "silo-b", 5)).Tasks);

        Assert.Equal((id, RoutingStrategy.Pinned, "silo-b"), (claimed.Id, claimed.Routing!.Strategy, claimed.Routing.Silo));
        Assert.False(await db.KeyExistsAsync(Q(p) + ":routed:silo-b"));
        Assert.False(await db.KeyExistsAsync(Q(p) + ":routed"));
    }

    [Fact]
    public async Task a_key_that_runs_its_limit_waits_in_kfull_until_an_attempt_of_it_ends()
    {
        string p = RedisServer.NewKeyPrefix();
        var store = redis.NewStore(_clock, p);
        var keyed = new TaskRouting { ConcurrencyKey = "tenant-7" };
        var ids = await store.SubmitAsync([Work(keyed), Work(keyed)]);
        var db = redis.Connection.GetDatabase();
        string running = Q(p) + ":krun:tenant-7";

        var first = Assert.Single((await store.ClaimAsync("default", "silo-a", 5)).Tasks);

        Assert.Equal([ids[0]], (await db.SetMembersAsync(running)).Select(v => (string)v!));
        Assert.Equal(["tenant-7"], (await db.SortedSetRangeByRankAsync(Q(p) + ":kfull")).Select(v => (string)v!));
        Assert.False(await db.KeyExistsAsync(Q(p) + ":keys"));
        await store.CompleteAsync([new TaskCompletion(first.Id, "default", first.Token, "1")]);
        Assert.False(await db.KeyExistsAsync(running));
        Assert.Equal(["tenant-7"], (await db.SortedSetRangeByRankAsync(Q(p) + ":keys")).Select(v => (string)v!));
        Assert.False(await db.KeyExistsAsync(Q(p) + ":kfull"));

        Assert.Equal(ids[1], Assert.Single((await store.ClaimAsync("default", "silo-a", 5)).Tasks).Id);
        Assert.False(await db.KeyExistsAsync(Q(p) + ":keys"));
        Assert.False(await db.KeyExistsAsync(Q(p) + ":kfull")); // its lane is empty: in neither
    }

    [Fact]
    public async Task keys_at_their_limit_do_not_hide_the_keys_behind_them_from_claims()
    {
        var store = redis.NewStore(_clock);
        var ids = await store.SubmitAsync([.. Enumerable.Range(0, 200).SelectMany(k => new[] {
            Work(new TaskRouting { ConcurrencyKey = "k" + k }), Work(new TaskRouting { ConcurrencyKey = "k" + k }) })]);

        var claimed = new List<string>();
        for (var batch = await store.ClaimAsync("default", "silo-a", 64); batch.Tasks.Count > 0; batch = await store.ClaimAsync("default", "silo-a", 64))
            claimed.AddRange(batch.Tasks.Select(t => t.Id));

        Assert.Equal(Enumerable.Range(0, 200).Select(k => ids[2 * k]), claimed);
    }

    [Fact]
    public async Task a_key_lane_is_indexed_by_its_head_so_the_index_follows_the_best_task_of_each_key()
    {
        string p = RedisServer.NewKeyPrefix();
        var store = redis.NewStore(_clock, p);
        var ids = await store.SubmitAsync([Work(new TaskRouting { ConcurrencyKey = "a" }), Work(new TaskRouting { ConcurrencyKey = "b" }),
            Work(new TaskRouting { ConcurrencyKey = "b" }, priority: 5)]);
        var db = redis.Connection.GetDatabase();

        Assert.Equal(["b", "a"], (await db.SortedSetRangeByRankAsync(Q(p) + ":keys")).Select(v => (string)v!));
        await store.PauseAsync(ids[2]);

        Assert.Equal(["a", "b"], (await db.SortedSetRangeByRankAsync(Q(p) + ":keys")).Select(v => (string)v!));
        Assert.Equal([ids[1]], (await db.SortedSetRangeByRankAsync(Q(p) + ":key:b")).Select(v => (string)v!));
    }

    [Fact]
    public async Task a_requeued_silos_lane_moves_to_the_wait_lane_in_its_order_and_later_returns_go_there_too()
    {
        string p = RedisServer.NewKeyPrefix();
        var store = redis.NewStore(_clock, p);
        var ids = await store.SubmitAsync([Work(routedTo: "silo-b"), Work(routedTo: "silo-b", priority: 3), Work(routedTo: "silo-b")]);
        var running = Assert.Single((await store.ClaimAsync("default", "silo-b", 1)).Tasks);
        _clock.Advance(TimeSpan.FromSeconds(1));

        await store.RequeueSiloTasksAsync("default", "silo-b", maxFailovers: 3);

        var db = redis.Connection.GetDatabase();
        Assert.Equal(ids[1], running.Id);
        Assert.Equal([ids[1], ids[0], ids[2]], (await db.SortedSetRangeByRankAsync(Q(p) + ":routed:-")).Select(v => (string)v!));
        Assert.Equal([TaskRouting.NoSilo], await store.ListRoutedSilosAsync("default"));
        var waiting = await store.ListRoutedAsync("default", TaskRouting.NoSilo, 10);
        Assert.All(waiting, t => Assert.Equal((TaskRouting.NoSilo, _clock.GetUtcNow()), (t.RoutedTo, t.Since)));
        Assert.False(await db.KeyExistsAsync(Q(p) + ":routed:silo-b"));
    }

    [Fact]
    public async Task a_claim_looks_at_the_first_256_tasks_of_the_fit_lane_and_no_further()
    {
        var store = redis.NewStore(_clock);
        var gpu = new TaskRouting { Labels = new Dictionary<string, string> { ["gpu"] = "a100" } };
        await store.SubmitAsync([.. Enumerable.Range(0, 256).Select(_ => Work(gpu))]);
        string small = (await store.SubmitAsync([Work(new TaskRouting { Cost = 2 })]))[0];

        Assert.Empty((await store.ClaimAsync(new ClaimRequest("default", "silo-a", 1) { FreeSlots = 2 })).Tasks);

        var gpus = new ClaimRequest("default", "silo-gpu", 1) { Labels = new Dictionary<string, string> { ["gpu"] = "a100" } };
        Assert.Single((await store.ClaimAsync(gpus)).Tasks);
        Assert.Equal([small], (await store.ClaimAsync(new ClaimRequest("default", "silo-a", 1) { FreeSlots = 2 })).Tasks.Select(t => t.Id));
    }

    [Fact]
    public async Task a_key_at_its_limit_stops_the_claims_look_at_its_lane_while_other_keys_are_still_taken()
    {
        string p = RedisServer.NewKeyPrefix();
        var store = redis.NewStore(_clock, p);
        var ids = await store.SubmitAsync([Work(new TaskRouting { ConcurrencyKey = "a" }), Work(new TaskRouting { ConcurrencyKey = "a" }),
            Work(new TaskRouting { ConcurrencyKey = "b" })]);
        Assert.Equal(ids[0], Assert.Single((await store.ClaimAsync("default", "silo-a", 1)).Tasks).Id);

        Assert.Equal([ids[2]], (await store.ClaimAsync("default", "silo-b", 5)).Tasks.Select(t => t.Id));
        Assert.Equal([ids[1]], (await redis.Connection.GetDatabase().SortedSetRangeByRankAsync(Q(p) + ":key:a")).Select(v => (string)v!));
    }
}
