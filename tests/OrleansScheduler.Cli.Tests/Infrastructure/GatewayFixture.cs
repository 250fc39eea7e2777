using OrleansScheduler.Client;

namespace OrleansScheduler.Cli.Tests.Infrastructure;

/// <summary>The test gateway every CLI test talks to: one silo with the API on a random localhost port, and a typed client to check what a command did.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    private KestrelSilo? _silo;
    private HttpClient? _http;

    /// <summary>The queue besides <c>default</c> the silo's worker serves; other queues' tasks wait, which tests of listing rely on.</summary>
    public const string WorkedQueue = "cli-run";

    /// <summary>The gateway's URL.</summary>
    public string Url => _silo?.Url ?? throw new InvalidOperationException("The gateway is not started.");

    /// <summary>A typed client of the same gateway, for arranging and checking.</summary>
    public SchedulerClient Client { get; private set; } = null!;

    /// <inheritdoc />
    public Task InitializeAsync()
    {
        _silo = new KestrelSilo().Start();
        _http = new HttpClient { BaseAddress = new Uri(Url + "/") };
        Client = new SchedulerClient(_http);
        return Task.CompletedTask;
    }

    /// <summary>Runs <c>osched</c> in-process against this gateway (<c>--gateway</c> first), with empty standard input.</summary>
    public Task<CliRun> RunAsync(params string[] args) => RunWithInputAsync("", args);

    /// <summary>Runs <c>osched</c> in-process against this gateway with <paramref name="stdin"/> as its standard input.</summary>
    public Task<CliRun> RunWithInputAsync(string stdin, params string[] args) => CliRun.RunAsync(stdin, ["--gateway", Url, .. args]);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_silo is not null) await _silo.DisposeAsync();
    }
}

/// <summary>The tests that share the gateway.</summary>
[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "gateway";
}
