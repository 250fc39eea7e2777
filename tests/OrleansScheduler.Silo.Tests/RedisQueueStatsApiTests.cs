using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class RedisQueueStatsApiTests(RedisSiloFixture silo) : QueueStatsApiTests(silo), IClassFixture<RedisSiloFixture>;
