using OrleansScheduler.Storage;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Redis.Tests;

/// <summary>The family contract, on a 3-master Redis Cluster: every test on its own key prefix.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterTaskFamilyContractTests(RedisClusterFixture redis) : TaskFamilyContract
{
    protected override bool CrossQueueBatchesAtomic => false;
    protected override bool CrossQueueFamilies => false;

    protected override Task<ITaskStore> CreateStoreAsync(TimeProvider clock) => Task.FromResult<ITaskStore>(redis.NewStore(clock));
}
