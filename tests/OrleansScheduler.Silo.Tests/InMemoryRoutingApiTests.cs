using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class InMemoryRoutingApiTests(InMemorySiloFixture silo) : RoutingApiTests(silo), IClassFixture<InMemorySiloFixture>;
