using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class RedisSiloEndpointsTests(RedisClusterFixture cluster) : SiloEndpointsTests(cluster), IClassFixture<RedisClusterFixture>;
