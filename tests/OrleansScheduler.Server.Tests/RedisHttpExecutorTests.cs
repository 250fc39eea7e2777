using OrleansScheduler.Server.Tests.Infrastructure;
using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

public sealed class RedisHttpExecutorTests(RedisServer redis, ITestOutputHelper output)
    : HttpExecutorTests(() => new RedisClusterStorage(redis), output), IClassFixture<RedisServer>;
