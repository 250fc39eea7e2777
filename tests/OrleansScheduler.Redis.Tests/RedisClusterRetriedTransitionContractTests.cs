using OrleansScheduler.Storage;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Redis.Tests;

/// <summary>The retried-transition contract on a 3-master Redis Cluster: every test on its own key prefix.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterRetriedTransitionContractTests(RedisClusterFixture redis) : RetriedTransitionContract
{
    protected override bool CrossQueueBatchesAtomic => false;

    protected override Task<ITaskStore> CreateStoreAsync(TimeProvider clock, HistoryLimits history) =>
        Task.FromResult<ITaskStore>(redis.NewStore(clock, history));
}
