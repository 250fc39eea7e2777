using OrleansScheduler.Server.Tests.Infrastructure;
using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

/// <remarks>On this process's clock: a test compares handler starts and returns noted by different silos.</remarks>
public sealed class RedisRoutingTests(RedisServer redis, ITestOutputHelper output)
    : RoutingTests(() => new RedisClusterStorage(redis, serverClock: false), output), IClassFixture<RedisServer>;
