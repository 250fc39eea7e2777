using OrleansScheduler.Storage;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Redis.Tests;

/// <summary>The family-ending contract, against a real redis-server: every test on its own key prefix.</summary>
public sealed class RedisTaskFamilyEndingContractTests(RedisFixture redis) : TaskFamilyEndingContract, IClassFixture<RedisFixture>
{
    protected override Task<ITaskStore> CreateStoreAsync(TimeProvider clock) => Task.FromResult<ITaskStore>(redis.NewStore(clock));
}
