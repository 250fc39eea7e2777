using OrleansScheduler.Storage;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Redis.Tests;

/// <summary>The store contract, against a real redis-server: every test on its own key prefix.</summary>
public sealed class RedisTaskStoreContractTests(RedisFixture redis) : TaskStoreContract, IClassFixture<RedisFixture>
{
    protected override Task<ITaskStore> CreateStoreAsync(TimeProvider clock) => Task.FromResult<ITaskStore>(redis.NewStore(clock));
}
