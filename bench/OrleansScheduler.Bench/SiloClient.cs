using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansScheduler.Grains;

namespace OrleansScheduler.Bench;

/// <summary>
/// An Orleans client of an <see cref="InProcessSilo"/>, in a host of its own in this process: what a
/// gateway process is to the cluster, so submissions through it cross the silo's gateway connection.
/// </summary>
public sealed class SiloClient : IAsyncDisposable
{
    private readonly IHost _host;

    private SiloClient(IHost host) => _host = host;

    /// <summary>Where submissions go.</summary>
    public ISubmitterGrain Submitter => GrainFactory.GetGrain<ISubmitterGrain>(0);

    /// <summary>The client's grain factory: calls through it cross the silo's gateway connection.</summary>
    public IGrainFactory GrainFactory => _host.Services.GetRequiredService<IClusterClient>();

    /// <summary>Connects to <paramref name="silo"/>'s gateway.</summary>
    public static async Task<SiloClient> ConnectAsync(InProcessSilo silo)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client.UseLocalhostClustering(silo.GatewayPort, InProcessSilo.ServiceId, silo.ClusterId));
        var host = builder.Build();
        try
        {
            await host.StartAsync(); // the client connects as it starts
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return new SiloClient(host);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
