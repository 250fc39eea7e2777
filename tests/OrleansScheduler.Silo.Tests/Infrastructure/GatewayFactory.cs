using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using OrleansScheduler.Client;
using OrleansScheduler.Gateway;

namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>
/// The gateway-only executable in this process: an Orleans client of the cluster <paramref name="settings"/>
/// name (<see cref="SiloFixture.GatewaySettings"/>), serving the API by calling that cluster's grains.
/// </summary>
public sealed class GatewayFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<GatewayProgram>
{
    /// <summary>A typed client whose HttpClient talks to this gateway.</summary>
    public SchedulerClient CreateSchedulerClient() => new(CreateClient());

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }
}
