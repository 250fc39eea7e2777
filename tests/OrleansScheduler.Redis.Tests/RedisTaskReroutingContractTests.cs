using OrleansScheduler.Storage;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Redis.Tests;

/// <summary>The rerouting contract (failover, reroute, what the router reads and keeps), against a real redis-server: every test on its own key prefix.</summary>
public sealed class RedisTaskReroutingContractTests(RedisFixture redis) : TaskReroutingContract, IClassFixture<RedisFixture>
{
    protected override Task<ITaskStore> CreateStoreAsync(TimeProvider clock) => Task.FromResult<ITaskStore>(redis.NewStore(clock));
}
