using OrleansScheduler.Storage;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Redis.Tests;

/// <summary>The outcome contract, against a real redis-server: every test on its own key prefix.</summary>
public sealed class RedisTaskOutcomeContractTests(RedisFixture redis) : TaskOutcomeContract, IClassFixture<RedisFixture>
{
    protected override Task<ITaskStore> CreateStoreAsync(TimeProvider clock) => Task.FromResult<ITaskStore>(redis.NewStore(clock));
}
