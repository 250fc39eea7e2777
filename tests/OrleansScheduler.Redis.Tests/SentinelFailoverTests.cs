using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using System.Net;
using StackExchange.Redis;

namespace OrleansScheduler.Redis.Tests;

/// <summary>
/// The store's own connection, made from a Sentinel configuration, finds the master and follows it through a failover;
/// with WaitReplicas a submission is acknowledged only once the replica has it.
/// </summary>
public sealed class SentinelFailoverTests(RedisSentinelSet sentinels) : IClassFixture<RedisSentinelSet>
{
    private static TaskSubmission Echo(string? key = null) => new() { Type = "echo", Payload = "1", IdempotencyKey = key };

    private async Task<(ConnectionMultiplexer Connection, RedisTaskStore Store, string Prefix)> StoreAsync(int waitReplicas, int timeoutMs)
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(RedisStoreConnection.Options(sentinels.ConnectionString));
        string prefix = RedisServer.NewKeyPrefix();
        var options = new RedisStoreOptions { KeyPrefix = prefix, WaitReplicas = waitReplicas, WaitReplicasTimeout = TimeSpan.FromMilliseconds(timeoutMs) };
        return (connection, new RedisTaskStore(connection, options, TimeProvider.System), prefix);
    }

    [Fact]
    public async Task with_WaitReplicas_a_submission_is_acknowledged_once_the_replica_has_it()
    {
        var (connection, store, prefix) = await StoreAsync(waitReplicas: 1, timeoutMs: 3000); // room for a loaded machine
        using var _ = connection;
        await using var replica = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{sentinels.ReplicaPort},allowAdmin=true");

        await store.SubmitAsync([Echo()]);

        Assert.NotEmpty(replica.GetServer(IPAddress.Loopback, sentinels.ReplicaPort).Keys(pattern: prefix + ":*").ToList());
    }

    [Fact]
    public async Task with_more_WaitReplicas_than_confirm_a_submission_is_unavailable_naming_replicas_seen_and_wanted_and_a_keyed_retry_finds_it()
    {
        var (connection, store, _) = await StoreAsync(waitReplicas: 2, timeoutMs: 200); // the set has one replica

        using var _ = connection;
        var refused = await Assert.ThrowsAsync<TaskStoreUnavailableException>(() => store.SubmitAsync([Echo("wait-2")]));
        var again = await Assert.ThrowsAsync<TaskStoreUnavailableException>(() => store.SubmitAsync([Echo("wait-2")]));

        Assert.Equal(TaskStoreUnavailableReason.ReplicasBehind, refused.Reason);
        Assert.Contains("queue 'default' was stored on the Redis primary, but only 1 of the 2 replicas", refused.Message);
        Assert.Contains("within 200 ms", refused.Message);
        var stored = Assert.Single((await store.ListAsync(new TaskQuery { Queue = "default" })).Tasks);
        Assert.Equal(TaskState.Pending, stored.Status);
        Assert.Equal(refused.Message, again.Message); // the retry stored nothing new, and waited again
    }

    [Fact]
    public async Task a_store_connected_through_the_sentinels_keeps_working_on_the_promoted_replica_after_a_failover()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(RedisStoreConnection.Options(sentinels.ConnectionString));
        var store = new RedisTaskStore(connection, new RedisStoreOptions { KeyPrefix = RedisServer.NewKeyPrefix() }, TimeProvider.System);
        string before = (await store.SubmitAsync([Echo()]))[0];
        int oldMaster = sentinels.MasterPort;

        await sentinels.FailoverAsync();

        // the probe answers the task's id, or the error of the try
        string after = (await Eventually.Until(async () =>
        {
            try { return "id:" + (await store.SubmitAsync([Echo()]))[0]; }
            catch (TaskStoreUnavailableException e) { return e.Message; }
        }, seen => seen.StartsWith("id:", StringComparison.Ordinal), "a submission to succeed on the new master"))["id:".Length..];
        var claimed = (await store.ClaimAsync("default", "silo-a", 2)).Tasks;
        Assert.Equal([before, after], claimed.Select(t => t.Id).Order());
        Assert.NotEqual(oldMaster, sentinels.MasterPort);
    }
}
