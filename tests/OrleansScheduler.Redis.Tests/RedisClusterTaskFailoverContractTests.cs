using OrleansScheduler.Storage;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Redis.Tests;

/// <summary>The failover contract (requeue, poison, hand-back, promotion) on a 3-master Redis Cluster: every test on its own key prefix.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterTaskFailoverContractTests(RedisClusterFixture redis) : TaskFailoverContract
{
    protected override bool CrossQueueBatchesAtomic => false;

    protected override Task<ITaskStore> CreateStoreAsync(TimeProvider clock) => Task.FromResult<ITaskStore>(redis.NewStore(clock));
}
