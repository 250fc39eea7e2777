using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.TestingHost.Tests;

public sealed class RedisCronScheduleTests(RedisServer redis, ITestOutputHelper output)
    : CronScheduleTests(b => b.UseRedis(redis.ConnectionString, RedisServer.NewKeyPrefix()), output), IClassFixture<RedisServer>;
