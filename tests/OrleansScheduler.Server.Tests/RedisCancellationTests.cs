using OrleansScheduler.Server.Tests.Infrastructure;
using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

public sealed class RedisCancellationTests(RedisServer redis, ITestOutputHelper output)
    : CancellationTests(() => new RedisClusterStorage(redis), output), IClassFixture<RedisServer>;
