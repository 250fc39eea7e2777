using Microsoft.Extensions.DependencyInjection;
using OrleansScheduler.Client;
using OrleansScheduler.Hosting;
using OrleansScheduler.Storage;

namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>A silo shared by the tests of one class; subclasses choose the store.</summary>
public abstract class SiloFixture : IAsyncLifetime
{
    private SiloFactory? _factory;

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
        var settings = new Dictionary<string, string?>(await SettingsAsync()) { ["Scheduler:SiloId"] = SiloId };
        _factory = new SiloFactory(settings);
        Http = _factory.CreateClient();
        Client = new SchedulerClient(Http);
    }

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
    }
}
