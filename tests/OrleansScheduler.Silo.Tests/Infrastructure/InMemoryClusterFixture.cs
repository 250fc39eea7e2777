namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>The two silos of <see cref="ClusterFixture"/> on localhost clustering and one in-memory store.</summary>
public sealed class InMemoryClusterFixture() : ClusterFixture(new InMemoryBackend());
