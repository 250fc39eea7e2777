using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.TestingHost.Tests;

public sealed class RedisSiloFailoverTests(RedisServer redis, ITestOutputHelper output)
    : SiloFailoverTests(b => b.UseRedis(redis.ConnectionString, RedisServer.NewKeyPrefix()), output), IClassFixture<RedisServer>;
