using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OrleansScheduler.Client;
using OrleansScheduler.Server;
using OrleansScheduler.Storage;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>
/// One silo in this process, hosted from the real Program with its settings given as configuration
/// (the way an operator would give them) and, optionally, extra services such as test handlers. Each
/// gets Orleans ports of its own, so several run side by side; silos given the same cluster settings
/// (see <see cref="SiloFixture"/>) form one cluster.
/// </summary>
public class SiloFactory(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    /// <summary>Settings every test silo shares: quick shutdown, and quiet logs.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Defaults = new Dictionary<string, string?>
    {
        ["Scheduler:DrainTimeout"] = "00:00:01",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:OrleansScheduler.Handlers"] = "Error",
    };

    private readonly int[] _ports = FreePort.Take(2);

    /// <summary>The port this silo talks to other silos on (<c>Orleans:Endpoints:SiloPort</c>).</summary>
    public int SiloPort => _ports[0];

    /// <summary>The port Orleans clients connect to (<c>Orleans:Endpoints:GatewayPort</c>).</summary>
    public int GatewayPort => _ports[1];

    /// <summary>The store the silo uses, to check what a request did (or did not) change.</summary>
    public ITaskStore Store => Services.GetRequiredService<ITaskStore>();

    /// <summary>The silo's address (<c>SiloAddress.ToParsableString()</c>), as tasks, <c>/healthz</c> and <c>/api/silos</c> name it.</summary>
    public string SiloId => Services.GetRequiredService<LocalSilo>().Id;

    /// <summary>Starts the host: the silo joins its cluster and its workers begin pulling now.</summary>
    public SiloFactory Start()
    {
        _ = Server;
        return this;
    }

    /// <summary>A typed client whose HttpClient talks to this silo's API.</summary>
    public SchedulerClient CreateSchedulerClient() => new(CreateClient());

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var ports = new Dictionary<string, string?>
        {
            ["Orleans:Endpoints:SiloPort"] = SiloPort.ToString(),
            ["Orleans:Endpoints:GatewayPort"] = GatewayPort.ToString(),
        };
        // UseSetting, unlike ConfigureAppConfiguration, is visible while Program registers services,
        // which is when the silo reads Scheduler:Redis to choose its clustering and store.
        foreach (var (key, value) in Defaults.Concat(ports).Concat(settings ?? new Dictionary<string, string?>())) builder.UseSetting(key, value);
        if (services is not null) builder.ConfigureServices(services);
    }
}
