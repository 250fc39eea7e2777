using Microsoft.Extensions.DependencyInjection;
using OrleansScheduler.Hosting;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Testing;
using StackExchange.Redis;

namespace OrleansScheduler.Redis.Tests;

/// <summary><c>UseRedis(…)</c> keeps cron schedules in Redis too, on the same connection and key prefix.</summary>
public sealed class RedisScheduleHostingTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task use_redis_keeps_schedules_in_redis_under_the_same_key_prefix()
    {
        string prefix = RedisServer.NewKeyPrefix();
        var services = new ServiceCollection();
        services.AddScheduler().UseRedis(redis.Server.ConnectionString, o => o.KeyPrefix = prefix);
        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<IScheduleStore>();
        Assert.IsType<RedisScheduleStore>(store);
        Assert.Same(store, provider.GetRequiredService<IScheduleStore>());
        await store.CreateAsync(new ScheduleDefinition { Name = "nightly", Cron = "@daily", Task = new ScheduleTaskTemplate { Type = "echo" } });

        var db = provider.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        Assert.True(await db.KeyExistsAsync($"{prefix}:{{os:cluster}}:schedule:nightly"));
    }
}
