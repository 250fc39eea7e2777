using OrleansScheduler.Testing;

namespace OrleansScheduler.Redis.Tests;

public sealed class RedisServerClockTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task the_clock_follows_the_redis_servers_time_whatever_the_local_clock_says()
    {
        // A local clock ten minutes fast: the measured offset must take it back to Redis time.
        var fast = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(10));
        using var clock = new RedisServerClock(redis.Connection, fast);
        await clock.FirstMeasurement;

        var server = new DateTimeOffset(DateTime.SpecifyKind(redis.Admin.Time(), DateTimeKind.Utc));
        Assert.InRange(clock.Offset, TimeSpan.FromMinutes(-10.1), TimeSpan.FromMinutes(-9.9));
        Assert.InRange(clock.GetUtcNow() - server, TimeSpan.FromSeconds(-5), TimeSpan.FromSeconds(5));
    }
}
