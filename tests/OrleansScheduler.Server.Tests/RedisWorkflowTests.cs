using OrleansScheduler.Server.Tests.Infrastructure;
using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

public sealed class RedisWorkflowTests(RedisServer redis, ITestOutputHelper output)
    : WorkflowTests(() => new RedisClusterStorage(redis), output), IClassFixture<RedisServer>;
