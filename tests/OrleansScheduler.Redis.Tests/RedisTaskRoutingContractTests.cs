using OrleansScheduler.Storage;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Redis.Tests;

/// <summary>The routing contract (lanes, routed claims, rerouting), against a real redis-server: every test on its own key prefix.</summary>
public sealed class RedisTaskRoutingContractTests(RedisFixture redis) : TaskRoutingContract, IClassFixture<RedisFixture>
{
    protected override Task<ITaskStore> CreateStoreAsync(TimeProvider clock) => Task.FromResult<ITaskStore>(redis.NewStore(clock));
}
