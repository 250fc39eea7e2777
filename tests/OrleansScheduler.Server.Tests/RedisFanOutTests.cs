using OrleansScheduler.Server.Tests.Infrastructure;
using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

/// <remarks>On this process's clock: a test compares a join's start with its children's ends, stamped by different silos.</remarks>
public sealed class RedisFanOutTests(RedisServer redis, ITestOutputHelper output)
    : FanOutTests(() => new RedisClusterStorage(redis, serverClock: false), output), IClassFixture<RedisServer>;
