using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.TestingHost.Tests;

public sealed class RedisTestClusterTests(RedisServer redis, ITestOutputHelper output)
    : TestClusterTests(b => b.UseRedis(redis.ConnectionString, RedisServer.NewKeyPrefix()), output), IClassFixture<RedisServer>;
