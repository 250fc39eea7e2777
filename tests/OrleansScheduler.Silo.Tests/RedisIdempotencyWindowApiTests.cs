using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class RedisIdempotencyWindowApiTests(RedisSiloFixture silo) : IdempotencyWindowApiTests(silo), IClassFixture<RedisSiloFixture>;
