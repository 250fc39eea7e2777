using OrleansScheduler.Storage;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Redis.Tests;

/// <summary>The lifecycle contract (cancel, pause, resume, retry, delete, idempotency), against a real redis-server: every test on its own key prefix.</summary>
public sealed class RedisTaskLifecycleContractTests(RedisFixture redis) : TaskLifecycleContract, IClassFixture<RedisFixture>
{
    protected override Task<ITaskStore> CreateStoreAsync(TimeProvider clock) => Task.FromResult<ITaskStore>(redis.NewStore(clock));
}
