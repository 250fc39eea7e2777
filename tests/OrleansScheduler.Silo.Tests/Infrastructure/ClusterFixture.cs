using Microsoft.Extensions.DependencyInjection;
using OrleansScheduler.Hosting;
using OrleansScheduler.Membership;

namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>
/// Silo hosts in this process sharing one store and one membership table; subclasses choose the
/// store. Two silos run for the whole class: <see cref="Gateway"/>, which tests talk to (with a
/// configured address and a label), and a worker with an address taken from its listen URL. Tests
/// that change the table start silos of their own with <see cref="StartSilo"/>.
/// </summary>
public abstract class ClusterFixture : IAsyncLifetime
{
    /// <summary>The gateway silo's name, configured address and label.</summary>
    public const string GatewayName = "gateway-silo", GatewayAddress = "http://gateway.test:5080", Zone = "test-zone";

    /// <summary>The second silo's name and slots.</summary>
    public const string WorkerName = "worker-silo";

    /// <summary>The second silo's slots.</summary>
    public const int WorkerCapacity = 7;

    private readonly List<SiloFactory> _silos = [];
    private IReadOnlyDictionary<string, string?> _storeSettings = new Dictionary<string, string?>();

    /// <summary>The silo the tests send requests to.</summary>
    public SiloFactory Gateway => _silos[0];

    /// <summary>The second silo.</summary>
    public SiloFactory Worker => _silos[1];

    /// <summary>An HttpClient to <see cref="Gateway"/>.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>The membership table every silo of the fixture shares.</summary>
    public IClusterStore Cluster => Gateway.Services.GetRequiredService<IClusterStore>();

    /// <summary>The store settings (and any others) every silo of the fixture gets.</summary>
    protected abstract Task<IReadOnlyDictionary<string, string?>> StoreSettingsAsync();

    /// <summary>Services every silo of the fixture gets (the in-memory fixture shares its store instances here).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _storeSettings = await StoreSettingsAsync();
        StartSilo(GatewayName, new Dictionary<string, string?>
        {
            ["Scheduler:Address"] = GatewayAddress,
            ["Scheduler:Labels:zone"] = Zone,
        });
        StartSilo(WorkerName, new Dictionary<string, string?> { ["Scheduler:Capacity"] = WorkerCapacity.ToString() });
        Http = Gateway.CreateClient();
    }

    /// <summary>Starts one more silo named <paramref name="name"/> on the shared store; it is stopped with the fixture.</summary>
    public SiloFactory StartSilo(string name, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(_storeSettings)
        {
            ["Scheduler:SiloId"] = name,
            // Quick heartbeats, so a drain request is noticed at once.
            ["Scheduler:HeartbeatInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        var silo = new SiloFactory(all, ConfigureServices);
        _ = silo.Server; // start the host: it joins the table now
        _silos.Add(silo);
        return silo;
    }

    /// <summary>The current incarnation id of <paramref name="silo"/>.</summary>
    public static string IncarnationOf(SiloFactory silo) => silo.Services.GetRequiredService<SiloIdentity>().Id;

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        for (int i = _silos.Count - 1; i >= 0; i--) await _silos[i].DisposeAsync();
    }
}
