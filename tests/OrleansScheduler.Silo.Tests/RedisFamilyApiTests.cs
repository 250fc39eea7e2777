using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class RedisFamilyApiTests(RedisSiloFixture silo) : FamilyApiTests(silo), IClassFixture<RedisSiloFixture>;
