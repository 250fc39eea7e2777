using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class RedisExecApiTests(RedisSiloFixture silo) : ExecApiTests(silo), IClassFixture<RedisSiloFixture>;
