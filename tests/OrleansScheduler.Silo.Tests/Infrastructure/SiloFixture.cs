using Microsoft.Extensions.DependencyInjection;
using OrleansScheduler.Client;
using OrleansScheduler.Storage;

namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>
/// The silos of one test class: one Orleans cluster of its own (its own ClusterId and ports) on one
/// store, which <paramref name="backend"/> chooses. A first silo runs for the whole class and the tests
/// talk to it; <see cref="StartSilo"/> adds silos to the same cluster, e.g. a worker for a queue of one
/// test's own. Every silo still running is stopped with the fixture, the last started first.
/// </summary>
public abstract class SiloFixture(ClusterBackend backend) : IAsyncLifetime
{
    private readonly List<SiloFactory> _silos = [];
    private readonly Dictionary<string, SiloFactory> _shared = [];
    private Dictionary<string, string?> _clusterSettings = [];

    /// <summary>The Orleans cluster id the fixture's silos share.</summary>
    public string ClusterId { get; } = "test-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>The first silo's name (<c>Orleans:Name</c>).</summary>
    public virtual string SiloName => "first-silo";

    /// <summary>The first silo, which the tests talk to.</summary>
    public SiloFactory Factory => _silos.Count > 0 ? _silos[0] : throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>The first silo's address, as tasks and the API name it.</summary>
    public string SiloId => Factory.SiloId;

    /// <summary>An HttpClient to the first silo's API.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>The typed client on <see cref="Http"/>.</summary>
    public SchedulerClient Client { get; private set; } = null!;

    /// <summary>The store every silo of the fixture uses.</summary>
    public ITaskStore Store => Factory.Store;

    /// <summary>The settings a gateway-only process needs to reach this cluster (on Redis: the Redis and the ClusterId; else the first silo's gateway port).</summary>
    public IReadOnlyDictionary<string, string?> GatewaySettings => new Dictionary<string, string?>(_clusterSettings)
    {
        ["Orleans:Endpoints:GatewayPort"] = Factory.GatewayPort.ToString(),
    };

    /// <summary>The first silo's settings beside its name (subclasses add labels, say).</summary>
    protected virtual IReadOnlyDictionary<string, string?> FirstSiloSettings => new Dictionary<string, string?>();

    /// <inheritdoc />
    public virtual async Task InitializeAsync()
    {
        _clusterSettings = new Dictionary<string, string?>(await backend.StartAsync()) { ["Orleans:ClusterId"] = ClusterId };
        StartSilo(new Dictionary<string, string?>(FirstSiloSettings) { ["Orleans:Name"] = SiloName });
        Http = Factory.CreateClient();
        Client = new SchedulerClient(Http);
    }

    /// <summary>
    /// Starts one more silo of this cluster, on its store, with <paramref name="settings"/> added (a name
    /// of its own unless they give one). <paramref name="services"/> adds to its services (e.g. a test
    /// handler). Dispose it to stop it gracefully; the fixture stops it otherwise.
    /// </summary>
    public SiloFactory StartSilo(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var all = new Dictionary<string, string?>(_clusterSettings) { ["Orleans:Name"] = "extra-" + Guid.NewGuid().ToString("N")[..8] };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        var first = _silos.FirstOrDefault();
        var silo = new SiloFactory(all, s =>
        {
            if (first is not null) backend.Join(s, first);
            services?.Invoke(s);
        });
        _silos.Add(silo);
        return silo.Start();
    }

    /// <summary>
    /// The silo <paramref name="key"/> names: started by the first test that asks, with <paramref name="settings"/>
    /// and <paramref name="services"/> as <see cref="StartSilo"/> takes them, and kept for the rest of the class,
    /// for tests that can share one worker (and its queue) instead of starting one each.
    /// </summary>
    public SiloFactory SharedSilo(string key, IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        if (!_shared.TryGetValue(key, out var silo)) _shared[key] = silo = StartSilo(settings, services);
        return silo;
    }

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        try
        {
            for (int i = _silos.Count - 1; i >= 0; i--) await _silos[i].DisposeAsync();
        }
        finally
        {
            await backend.DisposeAsync(); // its redis-server is stopped even when a silo's stop threw
        }
    }
}
