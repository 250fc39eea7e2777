using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class InMemoryMetricsEndpointTests(InMemorySiloFixture silo) : MetricsEndpointTests(silo), IClassFixture<InMemorySiloFixture>;
