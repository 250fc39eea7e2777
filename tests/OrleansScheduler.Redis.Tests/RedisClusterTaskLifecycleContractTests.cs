using OrleansScheduler.Storage;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Redis.Tests;

/// <summary>The lifecycle contract (cancel, pause, resume, retry, delete, idempotency), on a 3-master Redis Cluster: every test on its own key prefix.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterTaskLifecycleContractTests(RedisClusterFixture redis) : TaskLifecycleContract
{
    protected override bool CrossQueueBatchesAtomic => false;

    protected override Task<ITaskStore> CreateStoreAsync(TimeProvider clock) => Task.FromResult<ITaskStore>(redis.NewStore(clock));
}
