using OrleansScheduler.Server.Tests.Infrastructure;
using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

public sealed class RedisGrainTargetTests(RedisServer redis, ITestOutputHelper output)
    : GrainTargetTests(() => new RedisClusterStorage(redis), output), IClassFixture<RedisServer>;
