using OrleansScheduler.Storage;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Redis.Tests;

/// <summary>The retried-transition contract against a real redis-server: every test on its own key prefix.</summary>
public sealed class RedisRetriedTransitionContractTests(RedisFixture redis) : RetriedTransitionContract, IClassFixture<RedisFixture>
{
    protected override Task<ITaskStore> CreateStoreAsync(TimeProvider clock, HistoryLimits history) =>
        Task.FromResult<ITaskStore>(new RedisTaskStore(redis.Connection, new RedisStoreOptions { KeyPrefix = RedisServer.NewKeyPrefix(), History = history }, clock));
}
