using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.TestingHost.Tests;

public sealed class RedisSchedulerRoleTests(RedisServer redis, ITestOutputHelper output)
    : SchedulerRoleTests(b => b.UseRedis(redis.ConnectionString, RedisServer.NewKeyPrefix()), output), IClassFixture<RedisServer>;
