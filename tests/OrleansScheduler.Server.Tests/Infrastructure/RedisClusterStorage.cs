using Microsoft.Extensions.Hosting;
using OrleansScheduler.Redis;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Storage;
using OrleansScheduler.Testing;
using StackExchange.Redis;

namespace OrleansScheduler.Server.Tests.Infrastructure;

/// <summary>A real redis-server under a key prefix of the test's own; the test reads it through stores of its own on the same prefix.</summary>
public sealed class RedisClusterStorage(RedisServer redis) : ClusterStorage
{
    private readonly string _prefix = RedisServer.NewKeyPrefix();
    private ConnectionMultiplexer? _connection;
    private RedisTaskStore? _tasks;
    private RedisScheduleStore? _schedules;

    public override void Configure(ISiloBuilder silo) => silo.UseRedisTaskStore(redis.ConnectionString, o => o.KeyPrefix = _prefix);

    public override ITaskStore Tasks => _tasks ??= new RedisTaskStore(Connection, Options, TimeProvider.System);

    public override IScheduleStore Schedules => _schedules ??= new RedisScheduleStore(Connection, Options, TimeProvider.System);

    private RedisStoreOptions Options => new() { Configuration = redis.ConnectionString, KeyPrefix = _prefix };

    private ConnectionMultiplexer Connection => _connection ??= ConnectionMultiplexer.Connect(redis.ConnectionString);

    public override async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
    }
}
