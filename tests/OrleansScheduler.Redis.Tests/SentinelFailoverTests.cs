using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using StackExchange.Redis;

namespace OrleansScheduler.Redis.Tests;

/// <summary>The store's own connection, made from a Sentinel configuration, finds the master and follows it through a failover.</summary>
public sealed class SentinelFailoverTests(RedisSentinelSet sentinels) : IClassFixture<RedisSentinelSet>
{
    private static TaskSubmission Echo() => new() { Type = "echo", Payload = "1" };

    [Fact]
    public async Task a_store_connected_through_the_sentinels_keeps_working_on_the_promoted_replica_after_a_failover()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(RedisStoreConnection.Options(sentinels.ConnectionString));
        var store = new RedisTaskStore(connection, new RedisStoreOptions { KeyPrefix = RedisServer.NewKeyPrefix() }, TimeProvider.System);
        string before = (await store.SubmitAsync([Echo()]))[0];
        int oldMaster = sentinels.MasterPort;

        await sentinels.FailoverAsync();

        string after = (await Eventually.Until(async () =>
        {
            try { return (await store.SubmitAsync([Echo()]))[0]; }
            catch (TaskStoreUnavailableException) { return null; }
        }, id => id is not null, "a submission to succeed on the new master"))!;
        var claimed = (await store.ClaimAsync("default", "silo-a", 2)).Tasks;
        Assert.Equal([before, after], claimed.Select(t => t.Id).Order());
        Assert.NotEqual(oldMaster, sentinels.MasterPort);
    }
}
