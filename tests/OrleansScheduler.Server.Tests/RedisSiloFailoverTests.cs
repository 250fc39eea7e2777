using OrleansScheduler.Server.Tests.Infrastructure;
using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

public sealed class RedisSiloFailoverTests(RedisServer redis, ITestOutputHelper output)
    : SiloFailoverTests(() => new RedisClusterStorage(redis), output), IClassFixture<RedisServer>;
