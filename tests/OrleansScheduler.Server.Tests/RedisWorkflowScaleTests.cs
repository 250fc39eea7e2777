using OrleansScheduler.Server.Tests.Infrastructure;
using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

public sealed class RedisWorkflowScaleTests(RedisServer redis, ITestOutputHelper output)
    : WorkflowScaleTests(() => new RedisClusterStorage(redis, serverClock: false), output), IClassFixture<RedisServer>;
