using OrleansScheduler.Server.Tests.Infrastructure;
using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

/// <remarks>
/// On this process's clock rather than each silo's estimate of the Redis server's: the tests compare a node's
/// start with its dependencies' ends, stamped by different silos, and those estimates differ by up to half a
/// round trip each.
/// </remarks>
public sealed class RedisWorkflowTests(RedisServer redis, ITestOutputHelper output)
    : WorkflowTests(() => new RedisClusterStorage(redis, serverClock: false), output), IClassFixture<RedisServer>;
