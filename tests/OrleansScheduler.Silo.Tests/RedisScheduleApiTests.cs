using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class RedisScheduleApiTests(RedisSiloFixture silo) : ScheduleApiTests(silo), IClassFixture<RedisSiloFixture>;
