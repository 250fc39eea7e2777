using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Cli.Tests.Infrastructure;

/// <summary>
/// One silo of the real Program in this process, its API on Kestrel at a random localhost port (not the
/// in-memory test server), so the CLI reaches it over TCP as it reaches a real gateway. The settings
/// follow tests/OrleansScheduler.Silo.Tests' SiloFactory: Orleans ports of its own, quick shutdown, quiet logs;
/// <c>extraSettings</c> adds to them (an API key, say).
/// </summary>
public sealed class KestrelSilo(IReadOnlyDictionary<string, string?>? extraSettings = null) : WebApplicationFactory<Program>
{
    private readonly int[] _ports = FreePort.Take(3);

    /// <summary>The API's base URL, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Url => $"http://127.0.0.1:{_ports[2]}";

    /// <summary>Starts the silo and its Kestrel server.</summary>
    public KestrelSilo Start()
    {
        UseKestrel();
        StartServer();
        return this;
    }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = Url,
            ["Orleans:ClusterId"] = "cli-" + Guid.NewGuid().ToString("N")[..10],
            ["Orleans:Endpoints:SiloPort"] = _ports[0].ToString(),
            ["Orleans:Endpoints:GatewayPort"] = _ports[1].ToString(),
            ["Scheduler:Queues"] = "default," + GatewayFixture.WorkedQueue,
            ["Scheduler:DrainTimeout"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:OrleansScheduler.Handlers"] = "Error",
        };
        foreach (var (key, value) in settings.Concat(extraSettings ?? new Dictionary<string, string?>())) builder.UseSetting(key, value);
    }
}
