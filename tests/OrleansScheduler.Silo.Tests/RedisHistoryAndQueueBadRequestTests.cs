using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class RedisHistoryAndQueueBadRequestTests(RedisSiloFixture silo) : HistoryAndQueueBadRequestTests(silo), IClassFixture<RedisSiloFixture>;
