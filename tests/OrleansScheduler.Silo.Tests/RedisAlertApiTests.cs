using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class RedisAlertApiTests(RedisSiloFixture silo) : AlertApiTests(silo), IClassFixture<RedisSiloFixture>;
