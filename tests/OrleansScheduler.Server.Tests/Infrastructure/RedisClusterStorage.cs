using Microsoft.Extensions.Hosting;
using OrleansScheduler.Redis;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Storage;
using OrleansScheduler.Testing;
using StackExchange.Redis;

namespace OrleansScheduler.Server.Tests.Infrastructure;

/// <summary>
/// A real redis-server (or a Redis Cluster, given its connection string) under a key prefix of the test's own; the test
/// reads it through stores of its own on the same prefix. <paramref name="serverClock"/> false keeps the silos on this process's clock instead of each measuring its
/// offset to the Redis server's, for tests that compare times different silos wrote (each silo's measured offset is
/// off by up to half a round trip, tens of milliseconds under load).
/// </summary>
public sealed class RedisClusterStorage(string connectionString, bool serverClock = true) : ClusterStorage
{
    public RedisClusterStorage(RedisServer redis, bool serverClock = true) : this(redis.ConnectionString, serverClock)
    {
    }

    private readonly string _prefix = RedisServer.NewKeyPrefix();
    private ConnectionMultiplexer? _connection;
    private RedisTaskStore? _tasks;
    private RedisScheduleStore? _schedules;

    public override void Configure(ISiloBuilder silo) => silo.UseRedisTaskStore(connectionString, o =>
    {
        o.KeyPrefix = _prefix;
        o.UseServerClock = serverClock;
    });

    public override ITaskStore Tasks => _tasks ??= new RedisTaskStore(Connection, Options, TimeProvider.System);

    public override IScheduleStore Schedules => _schedules ??= new RedisScheduleStore(Connection, Options, TimeProvider.System);

    private RedisStoreOptions Options => new() { Configuration = connectionString, KeyPrefix = _prefix };

    private ConnectionMultiplexer Connection => _connection ??= ConnectionMultiplexer.Connect(connectionString);

    public override async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
    }
}
