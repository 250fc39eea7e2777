using OrleansScheduler.Server.Tests.Infrastructure;
using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

public sealed class RedisExecExecutorTests(RedisServer redis, ITestOutputHelper output)
    : ExecExecutorTests(() => new RedisClusterStorage(redis), output), IClassFixture<RedisServer>;
