using OrleansScheduler.Redis;
using StackExchange.Redis;

namespace OrleansScheduler.Bench;

/// <summary>
/// A Redis task store with its own connection, key prefix and Redis-server clock, and no silo: the store
/// alone, for the store-level figures (no worker is woken by it) and the harness's own reads of tasks.
/// </summary>
public sealed class StandaloneStore : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _connection;
    private readonly RedisServerClock _clock;

    private StandaloneStore(ConnectionMultiplexer connection, RedisServerClock clock, RedisTaskStore store)
    {
        _connection = connection;
        _clock = clock;
        Store = store;
    }

    /// <summary>The store.</summary>
    public RedisTaskStore Store { get; }

    /// <summary>Connects to <paramref name="redis"/> with keys under <paramref name="keyPrefix"/>.</summary>
    public static async Task<StandaloneStore> ConnectAsync(string redis, string keyPrefix)
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(redis);
        // the Redis server's clock, as the silos use, so CreatedAt and StartedAt are on one clock
        var clock = new RedisServerClock(connection, TimeProvider.System);
        var store = new RedisTaskStore(connection, new RedisStoreOptions { Configuration = redis, KeyPrefix = keyPrefix }, clock);
        return new StandaloneStore(connection, clock, store);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _clock.Dispose();
        await _connection.CloseAsync();
    }
}
