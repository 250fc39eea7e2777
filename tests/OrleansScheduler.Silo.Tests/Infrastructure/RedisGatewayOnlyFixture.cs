namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>The gateway on Redis clustering: it finds the silos' gateways in Orleans' membership on the Redis, by ClusterId.</summary>
public sealed class RedisGatewayOnlyFixture() : GatewayOnlyFixture(new RedisBackend());
