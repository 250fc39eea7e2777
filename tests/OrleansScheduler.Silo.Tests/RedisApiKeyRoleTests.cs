using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class RedisApiKeyRoleTests(RedisSiloFixture silo) : ApiKeyRoleTests(silo), IClassFixture<RedisSiloFixture>;
