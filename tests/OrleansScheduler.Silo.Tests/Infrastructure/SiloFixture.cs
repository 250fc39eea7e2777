using Microsoft.Extensions.DependencyInjection;
using OrleansScheduler.Client;
using OrleansScheduler.Hosting;
using OrleansScheduler.Storage;

namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>A silo shared by the tests of one class; subclasses choose the store.</summary>
public abstract class SiloFixture : IAsyncLifetime
{
    private SiloFactory? _factory;
    private IReadOnlyDictionary<string, string?> _settings = new Dictionary<string, string?>();

    /// <summary>The silo.</summary>
    public SiloFactory Factory => _factory ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>An HttpClient to the gateway.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>The typed client on <see cref="Http"/>.</summary>
    public SchedulerClient Client { get; private set; } = null!;

    /// <summary>The silo's store.</summary>
    public ITaskStore Store => Factory.Store;

    /// <summary>The silo id (the name) the fixture configures.</summary>
    public abstract string SiloId { get; }

    /// <summary>The silo's current incarnation id (<c>name.generation</c>), which task records and the membership table show.</summary>
    public string IncarnationId => Factory.Services.GetRequiredService<SiloIdentity>().Id;

    /// <summary>The store settings (and any others) of this fixture's silo.</summary>
    protected abstract Task<IReadOnlyDictionary<string, string?>> SettingsAsync();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _settings = await SettingsAsync();
        var settings = new Dictionary<string, string?>(_settings) { ["Scheduler:SiloId"] = SiloId };
        _factory = new SiloFactory(settings);
        Http = _factory.CreateClient();
        Client = new SchedulerClient(Http);
    }

    /// <summary>
    /// Starts one more silo on this fixture's store (and membership table) with
    /// <paramref name="settings"/> added, e.g. a worker for a queue of one test's own; the tests talk
    /// to <see cref="Http"/> as before. <paramref name="services"/> adds to its services (e.g. a test
    /// handler). The caller disposes it (a graceful stop).
    /// </summary>
    public SiloFactory StartSilo(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        var all = new Dictionary<string, string?>(_settings) { ["Scheduler:SiloId"] = "extra-" + Guid.NewGuid().ToString("N")[..8] };
        foreach (var (key, value) in settings) all[key] = value;
        var silo = new SiloFactory(all, s =>
        {
            ShareStore(s);
            services?.Invoke(s);
        });
        _ = silo.Server; // start the host: its workers begin pulling now
        return silo;
    }

    /// <summary>Services a silo from <see cref="StartSilo"/> gets so that it shares this fixture's store; settings suffice for Redis.</summary>
    protected virtual void ShareStore(IServiceCollection services)
    {
    }

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
    }
}
