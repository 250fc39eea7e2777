namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>Silos clustered on a real redis-server started for the fixture, keeping their tasks there.</summary>
public sealed class RedisSiloFixture() : SiloFixture(new RedisBackend());
