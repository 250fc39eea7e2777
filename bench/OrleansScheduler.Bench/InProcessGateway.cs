using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using OrleansScheduler.Gateway;

namespace OrleansScheduler.Bench;

/// <summary>
/// The real gateway program (<see cref="GatewayProgram"/>: the HTTP API as an Orleans client, no silo)
/// on Kestrel at a free 127.0.0.1 port in this process, a client of <paramref name="silo"/>'s cluster
/// through its gateway port, so HTTP figures include the real network stack, the API and the hop into
/// the cluster that a gateway process makes.
/// </summary>
public sealed class InProcessGateway(InProcessSilo silo) : WebApplicationFactory<GatewayProgram>
{
    /// <summary>Starts the server and returns a client whose base address is it.</summary>
    public HttpClient Start()
    {
        UseKestrel(0);
        StartServer();
        return CreateClient();
    }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // The factory guesses the content root from the solution layout (and guesses wrong for src/);
        // the gateway needs no files from it, so the harness's own directory will do.
        builder.UseContentRoot(AppContext.BaseDirectory);
        // UseSetting reaches the program as command-line arguments, so it sees them while it builds its
        // Orleans client: no Scheduler:Redis means localhost clustering on this gateway port.
        builder.UseSetting("Orleans:Endpoints:GatewayPort", silo.GatewayPort.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:ClusterId", silo.ClusterId);
        builder.UseSetting("Orleans:ServiceId", InProcessSilo.ServiceId);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Error");
    }
}
