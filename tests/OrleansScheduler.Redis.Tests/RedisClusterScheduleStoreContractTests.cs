using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Redis.Tests;

/// <summary>The schedule store contract on a 3-master Redis Cluster: every test on its own key prefix.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterScheduleStoreContractTests(RedisClusterFixture redis) : ScheduleStoreContract
{
    protected override Task<IScheduleStore> CreateStoreAsync(TimeProvider clock, int maxPayloadBytes = 1024) =>
        Task.FromResult<IScheduleStore>(new RedisScheduleStore(redis.Connection,
            new RedisStoreOptions { KeyPrefix = RedisServer.NewKeyPrefix(), MaxPayloadBytes = maxPayloadBytes }, clock));
}
