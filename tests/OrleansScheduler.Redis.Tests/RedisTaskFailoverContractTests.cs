using OrleansScheduler.Storage;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Redis.Tests;

/// <summary>The failover contract (requeue, poison, hand-back, promotion) against a real redis-server: every test on its own key prefix.</summary>
public sealed class RedisTaskFailoverContractTests(RedisFixture redis) : TaskFailoverContract, IClassFixture<RedisFixture>
{
    protected override Task<ITaskStore> CreateStoreAsync(TimeProvider clock) => Task.FromResult<ITaskStore>(redis.NewStore(clock));
}
