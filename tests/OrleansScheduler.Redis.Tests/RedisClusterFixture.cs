using OrleansScheduler.Storage;
using OrleansScheduler.Testing;
using StackExchange.Redis;

namespace OrleansScheduler.Redis.Tests;

/// <summary>
/// One 3-master Redis Cluster for every class of the <see cref="RedisClusterCollection"/> (three servers per class would
/// be too slow) and one shared connection to it; each test isolates itself with its own key prefix.
/// </summary>
public sealed class RedisClusterFixture : IAsyncLifetime
{
    public RedisClusterServer Cluster { get; } = new();

    public ConnectionMultiplexer Connection { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Cluster.InitializeAsync();
        Connection = await ConnectionMultiplexer.ConnectAsync(Cluster.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        Connection?.Dispose();
        await Cluster.DisposeAsync();
    }

    /// <summary>A store with a fresh key prefix on the shared connection, with the given history limits unless null.</summary>
    public RedisTaskStore NewStore(TimeProvider clock, HistoryLimits? history = null) =>
        new(Connection, new RedisStoreOptions { KeyPrefix = RedisServer.NewKeyPrefix(), History = history ?? HistoryLimits.Default }, clock);
}
