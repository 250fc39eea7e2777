using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class RedisGatewayOnlyTests(RedisGatewayOnlyFixture fixture) : GatewayOnlyTests(fixture), IClassFixture<RedisGatewayOnlyFixture>;
