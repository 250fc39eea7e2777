using OrleansScheduler.Http;

namespace OrleansScheduler.Gateway;

/// <summary>The API of a gateway-only process: ready once the host (and with it the Orleans client, which connects as it starts) has started.</summary>
internal sealed class GatewayApiHost(IHostApplicationLifetime lifetime) : IApiHost
{
    public string Role => "gateway";

    public string? SiloId => null;

    public string Name => Environment.MachineName;

    public bool IsReady => lifetime.ApplicationStarted.IsCancellationRequested && !lifetime.ApplicationStopping.IsCancellationRequested;
}
