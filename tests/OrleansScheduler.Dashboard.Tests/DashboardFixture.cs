using Microsoft.Playwright;
using OrleansScheduler.Client;

namespace OrleansScheduler.Dashboard.Tests;

/// <summary>One browser for every test of the collection, and one silo (no API keys) for the tests that share it.</summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private HttpClient? _http;

    /// <summary>The shared silo.</summary>
    public DashboardSilo Silo { get; } = new();

    /// <summary>Headless Chromium.</summary>
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>A typed client of the silo's API, to arrange and check.</summary>
    public SchedulerClient Client { get; private set; } = null!;

    /// <summary>The dashboard's URL on the shared silo.</summary>
    public string DashboardUrl => Silo.Url + "/dashboard/";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Silo.Start();
        _http = new HttpClient { BaseAddress = new Uri(Silo.Url + "/") };
        Client = new SchedulerClient(_http);
        (_playwright, Browser) = await Chromium.LaunchAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        _http?.Dispose();
        await Silo.DisposeAsync();
    }
}

/// <summary>The tests that share the browser and the silo.</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "dashboard";
}
