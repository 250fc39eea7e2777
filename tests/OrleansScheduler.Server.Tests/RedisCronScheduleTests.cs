using OrleansScheduler.Server.Tests.Infrastructure;
using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

public sealed class RedisCronScheduleTests(RedisServer redis, ITestOutputHelper output)
    : CronScheduleTests(() => new RedisClusterStorage(redis), output), IClassFixture<RedisServer>;
