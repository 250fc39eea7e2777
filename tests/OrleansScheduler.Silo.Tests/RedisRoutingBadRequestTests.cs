using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class RedisRoutingBadRequestTests(RedisSiloFixture silo) : RoutingBadRequestTests(silo), IClassFixture<RedisSiloFixture>;
