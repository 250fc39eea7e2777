using OrleansScheduler.Server.Tests.Infrastructure;
using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

public sealed class RedisGracefulShutdownTests(RedisServer redis, ITestOutputHelper output)
    : GracefulShutdownTests(() => new RedisClusterStorage(redis), output), IClassFixture<RedisServer>;
