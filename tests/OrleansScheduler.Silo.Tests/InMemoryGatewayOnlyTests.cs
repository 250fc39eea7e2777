using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class InMemoryGatewayOnlyTests(InMemoryGatewayOnlyFixture fixture) : GatewayOnlyTests(fixture), IClassFixture<InMemoryGatewayOnlyFixture>;
