using OrleansScheduler.Families;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using StackExchange.Redis;

namespace OrleansScheduler.Redis.Tests;

/// <summary>
/// What families keep in Redis (<see cref="RedisKeys"/>' remarks): the parent's runs and count bits in its own
/// queue, the outbox a child's transition leaves for a parent in another queue, and what a caller that died
/// before delivering leaves for <see cref="ITaskFamilies.DeliverNoticesAsync"/>.
/// </summary>
public sealed class FamilyLayoutTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly FakeTimeProvider _clock = TestClock.Create();

    private static TaskSubmission Work(string queue) => new() { Type = "square", Queue = queue, Payload = "{}" };

    private static string Q(string prefix, string queue) => $"{prefix}:{{q:{queue}}}";

    [Fact]
    public async Task a_parent_keeps_its_childrens_queues_as_runs_and_their_count_as_bits_in_its_own_queue()
    {
        string p = RedisServer.NewKeyPrefix();
        var store = redis.NewStore(_clock, p);
        var family = await store.SubmitFamilyAsync(new FamilySubmission(Work("joins"), [Work("work"), Work("work"), Work("other")]));
        var db = redis.Connection.GetDatabase();

        Assert.Equal(["0:work", "2:other"], (await db.SortedSetRangeByRankAsync(Q(p, "joins") + ":kids:" + family.ParentId)).Select(v => (string)v!));
        Assert.Equal([family.ParentId], (await db.SetMembersAsync(Q(p, "joins") + ":waiting")).Select(v => (string)v!));
        var child = Assert.Single((await store.ClaimAsync("other", "silo-a", 1)).Tasks);
        await store.CompleteAsync([new TaskCompletion(child.Id, "other", child.Token, "1")]);

        Assert.True(await db.StringGetBitAsync(Q(p, "joins") + ":counted:" + family.ParentId, 2));
        Assert.False(await db.KeyExistsAsync(Q(p, "other") + ":notices")); // delivered and removed in the same call
        var fields = await StoredTasks.Get(db, Q(p, "other"), child.Id);
        Assert.Equal((family.ParentId, "joins", "2", "1", "1"), (fields["pi"], fields["pq"], fields["ci"], fields["d"], fields["cn"]));
    }

    [Fact]
    public async Task a_childs_notice_left_by_a_caller_that_died_is_delivered_once_by_the_next_delivery()
    {
        string p = RedisServer.NewKeyPrefix();
        var store = redis.NewStore(_clock, p);
        var family = await store.SubmitFamilyAsync(new FamilySubmission(Work("joins"), [Work("work")]));
        var child = Assert.Single((await store.ClaimAsync("work", "silo-a", 1)).Tasks);
        var db = redis.Connection.GetDatabase();

        // complete.lua as the store runs it, but no delivery after it: the caller died
        var reply = (RedisResult[])(await db.ScriptEvaluateAsync(RedisScript.FromResource("complete").StandaloneText, [(RedisKey)Q(p, "work")],
            [_clock.GetUtcNow().ToUnixTimeMilliseconds(), 100, child.Id, child.Token, "1"]))!;

        Assert.Equal(1, (long)reply[^1]);
        Assert.Equal(TaskState.Waiting, (await store.GetAsync(family.ParentId))!.Status);
        Assert.Equal(2, await store.DeliverNoticesAsync("work")); // the child's count, then the work it made ready in joins
        Assert.Equal(0, await store.DeliverNoticesAsync("work"));
        var parent = (await store.GetAsync(family.ParentId))!;
        Assert.Equal((TaskState.Pending, 1), (parent.Status, parent.ChildrenFinished));
        Assert.False(await db.KeyExistsAsync(Q(p, "work") + ":notices"));
    }

    [Fact]
    public async Task a_node_notice_stays_while_a_listener_throws_and_goes_once_all_listeners_heard_it()
    {
        var store = redis.NewStore(_clock);
        string id = (await store.SubmitAsync([Work("work") with { Node = new WorkflowNodeLink { WorkflowId = "wf", Key = "fetch" } }]))[0];
        var heard = new List<FinishedNode>();
        var throwing = store.Listen(new Listener(_ => throw new InvalidOperationException("down")));
        var claimed = Assert.Single((await store.ClaimAsync("work", "silo-a", 1)).Tasks);

        await store.CompleteAsync([new TaskCompletion(claimed.Id, "work", claimed.Token, "1")]);
        throwing.Dispose();
        using var listening = store.Listen(new Listener(heard.AddRange));

        Assert.Equal(1, await store.DeliverNoticesAsync("work"));
        Assert.Equal([new FinishedNode("wf", "fetch", id, TaskState.Succeeded)], heard);
        Assert.Equal(0, await store.DeliverNoticesAsync("work"));
    }

    [Fact]
    public async Task spawns_at_later_positions_in_other_queues_keep_the_queue_of_each_child_stored_before()
    {
        string p = RedisServer.NewKeyPrefix();
        var store = redis.NewStore(_clock, p);
        await store.SubmitAsync([Work("parents")]);
        var parent = Assert.Single((await store.ClaimAsync("parents", "silo-a", 1)).Tasks);

        await store.SpawnChildrenAsync(new ChildSpawn(parent.Id, "parents", parent.Token, 0, [Work("a"), Work("a"), Work("a")]));
        await store.SpawnChildrenAsync(new ChildSpawn(parent.Id, "parents", parent.Token, 3, [Work("b"), Work("b")]));
        var last = await store.SpawnChildrenAsync(new ChildSpawn(parent.Id, "parents", parent.Token, 1, [.. Enumerable.Repeat(Work("c"), 5)]));

        Assert.Equal([.. Enumerable.Range(1, 5).Select(i => $"{parent.Id}.{i}")], last.Ids);
        var page = (await store.GetChildrenAsync(parent.Id, 0, 10))!;
        Assert.Equal(6, page.Total);
        Assert.Equal(["a", "a", "a", "b", "b", "c"], page.Children.Select(c => c.Queue));
        Assert.Equal(["0:a", "3:b", "5:c"],
            (await redis.Connection.GetDatabase().SortedSetRangeByRankAsync(Q(p, "parents") + ":kids:" + parent.Id)).Select(v => (string)v!));
        Assert.Equal(6, (await store.ListAsync(new TaskQuery { Limit = 100 })).Tasks.Count(t => t.ParentId == parent.Id));
    }

    [Fact]
    public async Task a_fail_fast_parent_in_the_childs_queue_fails_in_the_childs_own_script_with_the_guards_words()
    {
        var store = redis.NewStore(_clock);
        var family = await store.SubmitFamilyAsync(new FamilySubmission(Work("q"), [Work("q") with { MaxAttempts = 1 }], ChildFailurePolicy.FailFast));
        var child = Assert.Single((await store.ClaimAsync("q", "silo-a", 1)).Tasks);

        await store.FailAsync([new TaskFailure(child.Id, "q", child.Token, "it \\ broke", Retryable: false)]);

        var parent = (await store.GetAsync(family.ParentId))!;
        Assert.Equal(FamilyGuard.FailedFastError(child.Id, TaskState.Failed, "it \\ broke"), parent.Error);
        Assert.Equal(TaskState.Failed, parent.Status);
    }

    private sealed class Listener(Action<IReadOnlyList<FinishedNode>> nodes) : ITaskStoreListener
    {
        public void WorkReady(string queue)
        {
        }

        public void NodesFinished(IReadOnlyList<FinishedNode> finished) => nodes(finished);

        public void AttemptsCanceled(IReadOnlyList<CanceledAttempt> attempts)
        {
            // not what these tests look at
        }
    }
}
