namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>
/// A <see cref="SiloFixture"/>'s cluster with the gateway-only executable connected to it: the tests talk
/// to <see cref="Gateway"/>, which reaches the cluster only as an Orleans client, and check what the
/// silos did through the fixture's store.
/// </summary>
public abstract class GatewayOnlyFixture(ClusterBackend backend) : SiloFixture(backend)
{
    /// <summary>The gateway process.</summary>
    public GatewayFactory Gateway { get; private set; } = null!;

    /// <summary>An HttpClient to the gateway's API.</summary>
    public HttpClient GatewayHttp { get; private set; } = null!;

    /// <inheritdoc />
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Gateway = new GatewayFactory(GatewaySettings);
        GatewayHttp = Gateway.CreateClient();
    }

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        if (Gateway is not null) await Gateway.DisposeAsync();
        await base.DisposeAsync();
    }
}
