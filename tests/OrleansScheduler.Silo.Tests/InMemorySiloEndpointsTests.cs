using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class InMemorySiloEndpointsTests(InMemoryClusterFixture cluster) : SiloEndpointsTests(cluster), IClassFixture<InMemoryClusterFixture>;
