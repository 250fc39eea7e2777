using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class InMemoryRoutingBadRequestTests(InMemorySiloFixture silo) : RoutingBadRequestTests(silo), IClassFixture<InMemorySiloFixture>;
