using OrleansScheduler.Storage;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Redis.Tests;

/// <summary>The routing lifecycle contract (routed tasks through every transition), against a real redis-server: every test on its own key prefix.</summary>
public sealed class RedisTaskRoutingLifecycleContractTests(RedisFixture redis) : TaskRoutingLifecycleContract, IClassFixture<RedisFixture>
{
    protected override Task<ITaskStore> CreateStoreAsync(TimeProvider clock) => Task.FromResult<ITaskStore>(redis.NewStore(clock));
}
