using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class RedisDeadLetterApiTests(RedisSiloFixture silo) : DeadLetterApiTests(silo), IClassFixture<RedisSiloFixture>;
