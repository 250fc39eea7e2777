using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class RedisScheduleBadRequestTests(RedisSiloFixture silo) : ScheduleBadRequestTests(silo), IClassFixture<RedisSiloFixture>;
