using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class RedisMetricsEndpointTests(RedisSiloFixture silo) : MetricsEndpointTests(silo), IClassFixture<RedisSiloFixture>;
