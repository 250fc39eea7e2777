using Microsoft.Extensions.DependencyInjection;
using OrleansScheduler.Hosting;
using OrleansScheduler.Redis;
using StackExchange.Redis;

namespace OrleansScheduler.TestingHost;

/// <summary>
/// A real Redis under one key prefix. Each silo has its own connection, as separate processes
/// would, so a killed silo's connection lives on with its zombie handlers until its host is
/// disposed; the client has one more, closed with the cluster.
/// </summary>
/// <remarks>
/// The connections are opened and closed here rather than by the silos' containers:
/// StackExchange.Redis 1.2.6's Dispose waits synchronously, up to its sync timeout, for the
/// server to answer QUIT, which parks a thread-pool thread for as long as a second. In a process
/// full of silos that starves the heartbeat timers, and the silos start declaring each other dead.
/// </remarks>
internal sealed class RedisTestStorage : TestClusterStorage
{
    private readonly string _connectionString;
    private readonly string _keyPrefix;
    private readonly ConnectionMultiplexer _connection;

    public RedisTestStorage(string connectionString, string keyPrefix)
    {
        _connectionString = connectionString;
        _keyPrefix = keyPrefix;
        _connection = ConnectionMultiplexer.Connect(connectionString);
        var options = new RedisStoreOptions { Configuration = connectionString, KeyPrefix = keyPrefix };
        Client = new ClusterClient(
            new RedisTaskStore(_connection, options, TimeProvider.System),
            new RedisClusterStore(_connection, options, TimeProvider.System),
            new RedisScheduleStore(_connection, options, TimeProvider.System));
    }

    public override ClusterClient Client { get; }

    public override async Task<IAsyncDisposable?> UseAsync(SchedulerBuilder scheduler)
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(_connectionString).ConfigureAwait(false);
        // StackExchange.Redis 1.2.6 resumes us on its reader thread; a synchronous command issued from
        // there (while the host builds) would wait for a reply only that thread can read.
        await Task.Yield();
        // An instance: UseRedis takes it instead of connecting, and the container leaves it to us.
        scheduler.Services.AddSingleton<IConnectionMultiplexer>(connection);
        scheduler.UseRedis(_connectionString, o => o.KeyPrefix = _keyPrefix);
        return new Closing(connection);
    }

    public override ValueTask DisposeAsync() => new Closing(_connection).DisposeAsync();

    /// <summary>Closes a connection without waiting for QUIT: nothing is left to send once its silo is gone.</summary>
    private sealed class Closing(ConnectionMultiplexer connection) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            connection.Close(allowCommandsToComplete: false);
            connection.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
