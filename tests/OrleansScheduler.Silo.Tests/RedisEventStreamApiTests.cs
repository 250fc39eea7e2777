using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class RedisEventStreamApiTests(RedisSiloFixture silo) : EventStreamApiTests(silo), IClassFixture<RedisSiloFixture>;
