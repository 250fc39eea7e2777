using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class InMemoryGatewayApiTests(InMemorySiloFixture silo) : GatewayApiTests(silo), IClassFixture<InMemorySiloFixture>;
