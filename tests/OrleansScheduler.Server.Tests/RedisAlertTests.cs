using OrleansScheduler.Server.Tests.Infrastructure;
using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

public sealed class RedisAlertTests(RedisServer redis, ITestOutputHelper output)
    : AlertTests(() => new RedisClusterStorage(redis), output), IClassFixture<RedisServer>;
