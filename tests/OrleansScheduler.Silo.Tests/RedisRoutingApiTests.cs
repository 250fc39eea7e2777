using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class RedisRoutingApiTests(RedisSiloFixture silo) : RoutingApiTests(silo), IClassFixture<RedisSiloFixture>;
