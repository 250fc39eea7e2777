namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>A silo and the gateway-only executable, both reaching Redis over TLS only.</summary>
public sealed class TlsRedisGatewayOnlyFixture() : GatewayOnlyFixture(new TlsRedisBackend());
