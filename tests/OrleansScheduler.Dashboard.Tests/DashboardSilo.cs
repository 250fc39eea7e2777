using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Dashboard.Tests;

/// <summary>
/// One silo of the real Program in this process, its API and dashboard on Kestrel at a random localhost port, so the
/// browser reaches it over TCP as it reaches a real gateway (settings as the CLI tests' silo). An <c>exec</c> command
/// <c>say</c> (<c>/bin/echo</c>) gives tasks that write logs; <c>extraSettings</c> adds to the settings (an API key, say).
/// </summary>
public sealed class DashboardSilo(IReadOnlyDictionary<string, string?>? extraSettings = null) : WebApplicationFactory<Program>
{
    private readonly int[] _ports = FreePort.Take(3);

    /// <summary>The base URL, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Url => $"http://127.0.0.1:{_ports[2]}";

    /// <summary>Starts the silo and its Kestrel server.</summary>
    public DashboardSilo Start()
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
            ["Orleans:ClusterId"] = "dash-" + Guid.NewGuid().ToString("N")[..10],
            ["Orleans:Endpoints:SiloPort"] = _ports[0].ToString(),
            ["Orleans:Endpoints:GatewayPort"] = _ports[1].ToString(),
            ["Scheduler:Queues"] = "default",
            ["Scheduler:DrainTimeout"] = "00:00:01",
            ["Scheduler:Exec:Commands:say:Path"] = "/bin/echo",
            ["Scheduler:Alerts:EvaluationInterval"] = "00:00:00.500",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:OrleansScheduler.Handlers"] = "Error",
        };
        foreach (var (key, value) in settings.Concat(extraSettings ?? new Dictionary<string, string?>())) builder.UseSetting(key, value);
    }
}
