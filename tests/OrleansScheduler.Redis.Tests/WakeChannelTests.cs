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
        await listener.GetSubscriber().SubscribeAsync(RedisChannel.Literal(channel), (_, _) => heard.TrySetResult());
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
    public async Task a_hand_back_a_failover_and_a_promotion_each_publish_a_wake_up()
    {
        string p = RedisServer.NewKeyPrefix();
        var store = redis.NewStore(_clock, p);
        await store.SubmitAsync([
            new TaskSubmission { Type = "echo" }, new TaskSubmission { Type = "echo" },
            new TaskSubmission { Type = "echo", RunAt = _clock.GetUtcNow().AddSeconds(1) },
        ]);
        var claimed = (await store.ClaimAsync("default", "silo-a", 2)).Tasks;
        using var listener = await redis.Connect();
        int heard = 0;
        await listener.GetSubscriber().SubscribeAsync(new RedisChannel($"{p}:{{q:default}}:wake", RedisChannel.PatternMode.Literal), (_, _) => Interlocked.Increment(ref heard));

        await store.ReleaseAsync([new TaskRelease(claimed[0].Id, "default", claimed[0].Token)]);
        await Eventually.Until(() => Task.FromResult(Volatile.Read(ref heard)), n => n == 1, "the hand-back's wake-up", Patience);
        await store.RequeueSiloTasksAsync("default", "silo-a", maxFailovers: 3);
        await Eventually.Until(() => Task.FromResult(Volatile.Read(ref heard)), n => n == 2, "the failover's wake-up", Patience);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await store.PromoteDueAsync("default");
        await Eventually.Until(() => Task.FromResult(Volatile.Read(ref heard)), n => n == 3, "the promotion's wake-up", Patience);
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
