using OrleansScheduler.Storage;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Redis.Tests;

/// <summary>The routing claim contract (lanes, cost, labels, keys, deferral), against a real redis-server: every test on its own key prefix.</summary>
public sealed class RedisTaskRoutingClaimContractTests(RedisFixture redis) : TaskRoutingClaimContract, IClassFixture<RedisFixture>
{
    protected override Task<ITaskStore> CreateStoreAsync(TimeProvider clock) => Task.FromResult<ITaskStore>(redis.NewStore(clock));
}
