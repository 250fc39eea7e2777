using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Redis.Tests;

/// <summary>The schedule store contract against a real redis-server: every test on its own key prefix.</summary>
public sealed class RedisScheduleStoreContractTests(RedisFixture redis) : ScheduleStoreContract, IClassFixture<RedisFixture>
{
    protected override Task<IScheduleStore> CreateStoreAsync(TimeProvider clock, int maxPayloadBytes = 1024) =>
        Task.FromResult<IScheduleStore>(new RedisScheduleStore(redis.Connection,
            new RedisStoreOptions { KeyPrefix = RedisServer.NewKeyPrefix(), MaxPayloadBytes = maxPayloadBytes }, clock));
}
