namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>The gateway without Redis: it connects to the first silo's gateway port on this machine.</summary>
public sealed class InMemoryGatewayOnlyFixture() : GatewayOnlyFixture(new InMemoryBackend());
