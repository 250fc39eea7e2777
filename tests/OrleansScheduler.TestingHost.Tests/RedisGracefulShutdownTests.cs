using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.TestingHost.Tests;

public sealed class RedisGracefulShutdownTests(RedisServer redis, ITestOutputHelper output)
    : GracefulShutdownTests(b => b.UseRedis(redis.ConnectionString, RedisServer.NewKeyPrefix()), output), IClassFixture<RedisServer>;
