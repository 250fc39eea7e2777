using OrleansScheduler.Membership;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Redis.Tests;

/// <summary>The membership table and lease contract against a real redis-server: every test on its own key prefix.</summary>
public sealed class RedisClusterStoreContractTests(RedisFixture redis) : ClusterStoreContract, IClassFixture<RedisFixture>
{
    protected override Task<IClusterStore> CreateStoreAsync(TimeProvider clock) => Task.FromResult<IClusterStore>(redis.NewClusterStore(clock));
}
