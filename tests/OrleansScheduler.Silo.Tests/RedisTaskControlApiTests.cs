using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class RedisTaskControlApiTests(RedisSiloFixture silo) : TaskControlApiTests(silo), IClassFixture<RedisSiloFixture>;
