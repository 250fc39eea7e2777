using OrleansScheduler.Storage;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// Makes a submission wait until <see cref="RedisStoreOptions.WaitReplicas"/> replicas have it (Redis' WAIT), so a
/// failover to a replica cannot lose a task the client was told is accepted. WAIT goes to the node that stored the
/// submission, on the same connection as the call that stored it, so it counts the replicas that have that write.
/// While it waits, the store's other commands on that connection queue behind it: the cost docs/redis-faults.md measures.
/// </summary>
internal sealed class RedisReplicaWait(IConnectionMultiplexer connection, int replicas, TimeSpan timeout)
{
    /// <summary>Waits for the replicas to have what this connection wrote on <paramref name="key"/>'s node, or throws.</summary>
    /// <exception cref="TaskStoreUnavailableException">Fewer replicas confirmed within the timeout: the submission is on the primary only.</exception>
    public async Task WaitAsync(RedisKey key, string queue)
    {
        long timeoutMs = Math.Max(1, (long)timeout.TotalMilliseconds); // WAIT 0 would wait forever
        long confirmed = (long)await connection.GetServer(key).ExecuteAsync("WAIT", replicas, timeoutMs);
        if (confirmed >= replicas) return;
        throw new TaskStoreUnavailableException(TaskStoreUnavailableReason.ReplicasBehind, queue,
            $"The submission to queue '{queue}' was stored on the Redis primary, but only {confirmed} of the {replicas} replicas " +
            $"WaitReplicas asks for confirmed it within {timeoutMs} ms, so a failover now could lose it. It stays stored and " +
            "will run; retry with the same idempotencyKey, which finds it and waits for the replicas again.");
    }
}
