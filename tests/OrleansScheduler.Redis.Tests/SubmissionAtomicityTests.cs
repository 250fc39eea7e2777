using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Redis.Tests;

/// <summary>A batch is stored whole or not at all, even across queues and across processes.</summary>
public sealed class SubmissionAtomicityTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly FakeTimeProvider _clock = TestClock.Create();

    private static TaskSubmission Echo(string queue, string? id = null) => new() { Type = "echo", Queue = queue, Id = id };

    [Fact]
    public async Task a_multi_queue_batch_with_a_taken_id_leaves_no_key_behind()
    {
        string prefix = RedisServer.NewKeyPrefix();
        var store = redis.NewStore(_clock, prefix);
        await store.SubmitAsync([Echo("c", "dup")]);
        var before = redis.Admin.Keys(pattern: prefix + ":*").Select(k => (string)k!).Order().ToList();

        var error = await Assert.ThrowsAsync<TaskAlreadyExistsException>(() => store.SubmitAsync([Echo("a"), Echo("b"), Echo("d", "dup")]));

        Assert.Equal(("dup", "c"), (error.TaskId, error.Queue));
        Assert.Equal(before, redis.Admin.Keys(pattern: prefix + ":*").Select(k => (string)k!).Order());
        Assert.Equal(["c"], await store.ListQueuesAsync());
    }

    [Fact]
    public async Task a_chosen_id_taken_in_a_queue_another_process_created_is_still_refused()
    {
        string prefix = RedisServer.NewKeyPrefix();
        var elsewhere = redis.NewStore(_clock, prefix);
        await elsewhere.SubmitAsync([Echo("theirs", "order-7")]);
        var here = redis.NewStore(_clock, prefix);

        var error = await Assert.ThrowsAsync<TaskAlreadyExistsException>(() => here.SubmitAsync([Echo("mine", "order-7")]));

        Assert.Equal("theirs", error.Queue);
        Assert.Equal("theirs", (await here.GetAsync("order-7"))!.Queue);
    }

    [Fact]
    public async Task a_task_submitted_by_another_process_is_found_by_id_alone()
    {
        string prefix = RedisServer.NewKeyPrefix();
        var here = redis.NewStore(_clock, prefix);
        await here.SubmitAsync([Echo("mine")]);
        Assert.Equal(["mine"], await here.ListQueuesAsync());

        var id = (await redis.NewStore(_clock, prefix).SubmitAsync([Echo("theirs")]))[0];

        Assert.Equal("theirs", (await here.GetAsync(id))!.Queue);
        Assert.Equal(TaskState.Canceled, (await here.CancelAsync(id)).Status);
    }
}
