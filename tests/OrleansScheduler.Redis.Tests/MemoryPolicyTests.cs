using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using StackExchange.Redis;

namespace OrleansScheduler.Redis.Tests;

/// <summary>A Redis that evicts keys when full could delete tasks without an error, so the store refuses it.</summary>
public sealed class MemoryPolicyTests : IAsyncLifetime
{
    private readonly RedisServer _evicting = new() { Options = new RedisServerOptions { Arguments = ["--maxmemory-policy", "allkeys-lru"] } };
    private ConnectionMultiplexer _connection = null!;

    public async Task InitializeAsync()
    {
        await _evicting.InitializeAsync();
        _connection = await ConnectionMultiplexer.ConnectAsync(_evicting.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        _connection.Dispose();
        await _evicting.DisposeAsync();
    }

    [Fact]
    public async Task a_redis_whose_maxmemory_policy_evicts_is_refused_at_start_naming_the_policy_and_the_fix()
    {
        var store = new RedisTaskStore(_connection, new RedisStoreOptions { KeyPrefix = RedisServer.NewKeyPrefix() }, TimeProvider.System);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(store.StartAsync);

        Assert.Contains($"127.0.0.1:{_evicting.Port} has maxmemory-policy allkeys-lru", refused.Message);
        Assert.Contains("CONFIG SET maxmemory-policy noeviction", refused.Message);
        // every later call says the same until the operator fixes it, rather than working on a Redis that may lose tasks
        var again = await Assert.ThrowsAsync<InvalidOperationException>(() => store.SubmitAsync([new TaskSubmission { Type = "echo" }]));
        Assert.Equal(refused.Message, again.Message);
    }
}
