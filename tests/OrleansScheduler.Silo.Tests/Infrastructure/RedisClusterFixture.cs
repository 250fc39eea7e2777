namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>The two silos of <see cref="ClusterFixture"/> clustered on one redis-server.</summary>
public sealed class RedisClusterFixture() : ClusterFixture(new RedisBackend());
