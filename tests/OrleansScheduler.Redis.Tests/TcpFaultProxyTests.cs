using OrleansScheduler.Testing;
using StackExchange.Redis;

namespace OrleansScheduler.Redis.Tests;

/// <summary>The fault proxy on its own, between StackExchange.Redis and a real redis-server, before the tests built on it.</summary>
public sealed class TcpFaultProxyTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static Task<ConnectionMultiplexer> ConnectThrough(TcpFaultProxy proxy) =>
        ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{proxy.Port},abortConnect=false,asyncTimeout=500,syncTimeout=500,connectTimeout=1000,connectRetry=5");

    [Fact]
    public async Task a_dropped_connection_fails_nothing_later_because_the_client_reconnects_through_the_proxy()
    {
        await using var proxy = new TcpFaultProxy(redis.Server.Port);
        using var client = await ConnectThrough(proxy);
        string key = RedisServer.NewKeyPrefix();
        await client.GetDatabase().StringSetAsync(key, "1");

        proxy.DropAll();

        Assert.True(proxy.Dropped > 0);
        var value = await Eventually.Until(async () =>
        {
            try { return (string?)await client.GetDatabase().StringGetAsync(key); }
            catch (RedisException) { return null; }
        }, v => v == "1", "a read through the proxy after the drop");
        Assert.Equal("1", value);
    }

    [Fact]
    public async Task a_stall_keeps_the_connection_open_but_answers_nothing_until_it_ends()
    {
        await using var proxy = new TcpFaultProxy(redis.Server.Port);
        using var client = await ConnectThrough(proxy);
        string key = RedisServer.NewKeyPrefix();
        await client.GetDatabase().PingAsync();

        proxy.Stall();
        await Assert.ThrowsAsync<RedisTimeoutException>(() => client.GetDatabase().StringSetAsync(key, "held"));
        Assert.True(proxy.OpenConnections > 0);
        Assert.False(await redis.Connection.GetDatabase().KeyExistsAsync(key)); // held in the proxy, not yet sent
        proxy.Resume();

        await Eventually.Until(() => redis.Connection.GetDatabase().StringGetAsync(key), v => v == "held", "the stalled write to arrive once the stall ended");
    }

    [Fact]
    public async Task a_lost_reply_leaves_the_command_done_in_redis_while_the_caller_hears_only_an_error()
    {
        await using var proxy = new TcpFaultProxy(redis.Server.Port);
        using var client = await ConnectThrough(proxy);
        string key = RedisServer.NewKeyPrefix();
        await client.GetDatabase().PingAsync();

        proxy.LoseNextReply("INCR");
        await Assert.ThrowsAnyAsync<RedisException>(() => client.GetDatabase().StringIncrementAsync(key));

        Assert.Equal(1, proxy.LostReplies);
        Assert.False(proxy.LosingReply);
        Assert.Equal(1, (long)await redis.Connection.GetDatabase().StringGetAsync(key));
    }
}
