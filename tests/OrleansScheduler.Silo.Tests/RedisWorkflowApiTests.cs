using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class RedisWorkflowApiTests(RedisSiloFixture silo) : WorkflowApiTests(silo), IClassFixture<RedisSiloFixture>;
