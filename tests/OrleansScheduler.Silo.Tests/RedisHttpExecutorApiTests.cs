using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class RedisHttpExecutorApiTests(RedisSiloFixture silo) : HttpExecutorApiTests(silo), IClassFixture<RedisSiloFixture>;
