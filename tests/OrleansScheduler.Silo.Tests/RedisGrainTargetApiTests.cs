using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class RedisGrainTargetApiTests(RedisSiloFixture silo) : GrainTargetApiTests(silo), IClassFixture<RedisSiloFixture>;
