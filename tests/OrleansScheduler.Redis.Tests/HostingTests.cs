using Microsoft.Extensions.DependencyInjection;
using OrleansScheduler.Hosting;
using OrleansScheduler.Membership;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using StackExchange.Redis;

namespace OrleansScheduler.Redis.Tests;

/// <summary><c>AddScheduler().UseRedis(…)</c> wires the Redis store the way the README shows.</summary>
public sealed class HostingTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly string BigPayload = "\"" + new string('x', 40) + "\"";

    [Fact]
    public async Task use_redis_makes_the_redis_store_the_store_on_one_shared_connection_disposed_with_the_host()
    {
        var services = new ServiceCollection();
        services.AddScheduler().UseRedis(redis.Server.ConnectionString, o => o.KeyPrefix = RedisServer.NewKeyPrefix());
        var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<ITaskStore>();
        var connection = provider.GetRequiredService<IConnectionMultiplexer>();
        Assert.IsType<RedisTaskStore>(store);
        Assert.Same(store, provider.GetRequiredService<ITaskStore>());
        var id = (await store.SubmitAsync([new TaskSubmission { Type = "echo" }]))[0];
        Assert.Equal(TaskState.Pending, (await store.GetAsync(id))!.Status);

        await provider.DisposeAsync();
        Assert.False(connection.IsConnected);
    }

    [Fact]
    public async Task use_redis_also_keeps_the_membership_table_in_redis_on_the_same_connection_and_key_prefix()
    {
        string prefix = RedisServer.NewKeyPrefix();
        var services = new ServiceCollection();
        services.AddScheduler().UseRedis(redis.Server.ConnectionString, o => o.KeyPrefix = prefix);
        await using var provider = services.BuildServiceProvider();

        var cluster = provider.GetRequiredService<IClusterStore>();
        Assert.IsType<RedisClusterStore>(cluster);
        Assert.Same(cluster, provider.GetRequiredService<IClusterStore>());
        await cluster.JoinAsync(new SiloEntry { Id = "silo-1.a", Name = "silo-1", Status = SiloStatus.Active });

        var db = provider.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        Assert.True(await db.KeyExistsAsync($"{prefix}:{{os:cluster}}:silo:silo-1.a"));
    }

    [Fact]
    public async Task the_payload_limit_comes_from_the_silo_options_unless_the_redis_options_set_it()
    {
        var fromSilo = new ServiceCollection();
        fromSilo.AddScheduler(o => o.MaxPayloadBytes = 16).UseRedis(redis.Server.ConnectionString, o => o.KeyPrefix = RedisServer.NewKeyPrefix());
        await using var siloLimited = fromSilo.BuildServiceProvider();
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            siloLimited.GetRequiredService<ITaskStore>().SubmitAsync([new TaskSubmission { Type = "echo", Payload = BigPayload }]));
        Assert.Contains("the limit is 16", error.Message);

        var explicitLimit = new ServiceCollection();
        explicitLimit.AddScheduler(o => o.MaxPayloadBytes = 16).UseRedis(redis.Server.ConnectionString, o =>
        {
            o.KeyPrefix = RedisServer.NewKeyPrefix();
            o.MaxPayloadBytes = 1024;
        });
        await using var redisLimited = explicitLimit.BuildServiceProvider();
        Assert.Single(await redisLimited.GetRequiredService<ITaskStore>().SubmitAsync([new TaskSubmission { Type = "echo", Payload = BigPayload }]));
    }
}
