using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using StackExchange.Redis;

namespace OrleansScheduler.Redis.Tests;

/// <summary>Wake-ups travel on the queue's pub/sub channel, so a worker on another node hears them.</summary>
public sealed class WakeChannelTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _clock = new();

    private async Task<TaskCompletionSource> ListenOnAnotherConnection(ConnectionMultiplexer listener, string channel)
    {
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await listener.GetSubscriber().SubscribeAsync(channel, (_, _) => heard.TrySetResult());
        return heard;
    }

    [Fact]
    public async Task a_submission_publishes_on_the_queue_wake_channel()
    {
        string p = RedisServer.NewKeyPrefix();
        using var listener = await redis.Connect();
        var heard = await ListenOnAnotherConnection(listener, $"{p}:{{q:jobs}}:wake");

        await redis.NewStore(_clock, p).SubmitAsync([new TaskSubmission { Type = "echo", Queue = "jobs" }]);

        await heard.Task.WaitAsync(Patience);
    }

    [Fact]
    public async Task a_scheduled_retry_publishes_a_wake_up()
    {
        string p = RedisServer.NewKeyPrefix();
        var store = redis.NewStore(_clock, p);
        await store.SubmitAsync([new TaskSubmission { Type = "echo", Backoff = TimeSpan.Zero }]);
        var claimed = Assert.Single((await store.ClaimAsync("default", "silo-a", 1)).Tasks);
        using var listener = await redis.Connect();
        var heard = await ListenOnAnotherConnection(listener, $"{p}:{{q:default}}:wake");

        await store.FailAsync([new TaskFailure(claimed.Id, "default", claimed.Token, "transient")]);

        await heard.Task.WaitAsync(Patience);
    }

    [Fact]
    public async Task disposing_a_subscription_stops_only_its_own_wake_ups()
    {
        var store = redis.NewStore(_clock);
        int stopped = 0, kept = 0;
        var keptHeardTwo = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = await store.SubscribeToWorkAsync("default", () => Interlocked.Increment(ref stopped));
        await using var second = await store.SubscribeToWorkAsync("default", () =>
        {
            if (Interlocked.Increment(ref kept) == 2) keptHeardTwo.TrySetResult();
        });

        await first.DisposeAsync();
        await store.SubmitAsync([new TaskSubmission { Type = "echo" }]);
        await store.SubmitAsync([new TaskSubmission { Type = "echo" }]);

        await keptHeardTwo.Task.WaitAsync(Patience);
        Assert.Equal(0, Volatile.Read(ref stopped));
    }
}
