using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class RedisBadRequestTests(RedisSiloFixture silo) : BadRequestTests(silo), IClassFixture<RedisSiloFixture>;
