using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class RedisQueueLimitsApiTests(RedisSiloFixture silo) : QueueLimitsApiTests(silo), IClassFixture<RedisSiloFixture>;
