using OrleansScheduler.Server.Tests.Infrastructure;
using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

public sealed class RedisFanOutTests(RedisServer redis, ITestOutputHelper output)
    : FanOutTests(() => new RedisClusterStorage(redis), output), IClassFixture<RedisServer>;
