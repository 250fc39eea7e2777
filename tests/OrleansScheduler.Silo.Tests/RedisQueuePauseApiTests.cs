using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class RedisQueuePauseApiTests(RedisSiloFixture silo) : QueuePauseApiTests(silo), IClassFixture<RedisSiloFixture>;
