using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>A pub/sub subscription (wake-ups, cancellations); disposing it unsubscribes exactly its own handler from the channel.</summary>
internal sealed class RedisChannelSubscription(ISubscriber subscriber, RedisChannel channel, Action<RedisChannel, RedisValue> handler) : IAsyncDisposable
{
    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) await subscriber.UnsubscribeAsync(channel, handler);
    }
}
