using OrleansScheduler.Redis;
using OrleansScheduler.Testing;
using StackExchange.Redis;

namespace OrleansScheduler.Redis.Tests;

/// <summary>One redis-server per test class and one shared connection to it; each test isolates itself with its own key prefix.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    public RedisServer Server { get; } = new();

    public ConnectionMultiplexer Connection { get; private set; } = null!;

    private ConnectionMultiplexer _admin = null!;

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        Connection = await Connect();
        _admin = await ConnectionMultiplexer.ConnectAsync(Server.ConnectionString + ",allowAdmin=true");
    }

    public async Task DisposeAsync()
    {
        Connection?.Dispose();
        _admin?.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>A separate connection, e.g. to race another client.</summary>
    public Task<ConnectionMultiplexer> Connect() => ConnectionMultiplexer.ConnectAsync(Server.ConnectionString);

    /// <summary>A store with a fresh key prefix, on the shared connection unless one is given.</summary>
    public RedisTaskStore NewStore(TimeProvider clock, string? prefix = null, IConnectionMultiplexer? connection = null) =>
        new(connection ?? Connection, new RedisStoreOptions { KeyPrefix = prefix ?? RedisServer.NewKeyPrefix() }, clock);

    /// <summary>Separate connections, one per racer, disposed together.</summary>
    public async Task<Connections> ConnectMany(int count) => new(await Task.WhenAll(Enumerable.Range(0, count).Select(_ => Connect())));

    /// <summary>The server on a separate admin connection, for FUNCTION FLUSH, CONFIG SET and KEYS; the stores' connection is not an admin one, as in production.</summary>
    public IServer Admin => _admin.GetServer(_admin.GetEndPoints()[0]);
}

/// <summary>Connections for racing clients; disposing closes them all.</summary>
public sealed class Connections(ConnectionMultiplexer[] all) : IDisposable
{
    public IReadOnlyList<ConnectionMultiplexer> All => all;

    public void Dispose()
    {
        foreach (var connection in all) connection.Dispose();
    }
}
