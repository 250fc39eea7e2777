using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using StackExchange.Redis;

namespace OrleansScheduler.Redis.Tests;

/// <summary>A canceled running task's id travels on its silo's cancel channel, so the silo hears it from any node.</summary>
public sealed class CancelChannelTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public async Task canceling_a_running_task_publishes_its_id_on_the_documented_channel_of_its_silo()
    {
        string p = RedisServer.NewKeyPrefix();
        var store = redis.NewStore(_clock, p);
        await store.SubmitAsync([new TaskSubmission { Type = "echo" }]);
        var claimed = Assert.Single((await store.ClaimAsync("default", "silo-1.a", 1)).Tasks);
        using var listener = await redis.Connect();
        var heard = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await listener.GetSubscriber().SubscribeAsync(
            new RedisChannel($"{p}:{{os:cluster}}:cancel:silo-1.a", RedisChannel.PatternMode.Literal), (_, message) => heard.TrySetResult((string)message!));

        await store.CancelAsync(claimed.Id);

        Assert.Equal(claimed.Id, await heard.Task.WaitAsync(Patience));
    }

    [Fact]
    public async Task a_silo_on_another_connection_hears_the_cancel_and_its_attempt_is_stale_there()
    {
        string p = RedisServer.NewKeyPrefix();
        using var elsewhere = await redis.Connect();
        var siloStore = redis.NewStore(_clock, p, elsewhere);
        var apiStore = redis.NewStore(_clock, p);
        var heard = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = await siloStore.SubscribeToCancellationsAsync("silo-1.a", id => heard.TrySetResult(id));
        await siloStore.SubmitAsync([new TaskSubmission { Type = "echo" }]);
        var claimed = Assert.Single((await siloStore.ClaimAsync("default", "silo-1.a", 1)).Tasks);

        var canceled = await apiStore.CancelAsync(claimed.Id);

        Assert.Equal(claimed.Token + 1, canceled.Token);
        Assert.Equal(claimed.Id, await heard.Task.WaitAsync(Patience));
        Assert.Equal([new TaskRelease(claimed.Id, "default", claimed.Token)], await siloStore.FindStaleAttemptsAsync([new TaskRelease(claimed.Id, "default", claimed.Token)]));
        var db = redis.Connection.GetDatabase();
        Assert.Equal(0, await db.SortedSetLengthAsync($"{p}:{{q:default}}:running"));
        Assert.False(await db.KeyExistsAsync($"{p}:{{q:default}}:running:silo-1.a"));
    }

    [Fact]
    public async Task a_cancel_handler_that_throws_does_not_stop_later_messages()
    {
        var store = redis.NewStore(_clock);
        int calls = 0;
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = await store.SubscribeToCancellationsAsync("silo-1.a", _ =>
        {
            if (Interlocked.Increment(ref calls) == 2) second.TrySetResult();
            throw new InvalidOperationException("handler bug");
        });
        await store.SubmitAsync([new TaskSubmission { Type = "echo" }, new TaskSubmission { Type = "echo" }]);
        var claimed = (await store.ClaimAsync("default", "silo-1.a", 2)).Tasks;

        foreach (var task in claimed) await store.CancelAsync(task.Id);

        await second.Task.WaitAsync(Patience);
    }
}
