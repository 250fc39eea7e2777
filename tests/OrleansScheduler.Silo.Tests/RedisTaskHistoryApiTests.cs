using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class RedisTaskHistoryApiTests(RedisSiloFixture silo) : TaskHistoryApiTests(silo), IClassFixture<RedisSiloFixture>;
