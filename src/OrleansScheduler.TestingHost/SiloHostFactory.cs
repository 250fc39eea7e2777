using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansScheduler.Hosting;

namespace OrleansScheduler.TestingHost;

/// <summary>
/// Builds one silo: its own Generic Host with no configuration files, environment variables or
/// logging providers of its own (tests add what they need), the test timings, then the test's
/// options, the shared stores, the test's handlers and the test's services, in that order.
/// </summary>
internal sealed class SiloHostFactory(
    TestClusterStorage storage,
    IReadOnlyList<Action<SchedulerOptions>> configureSilos,
    IReadOnlyList<Action<SchedulerBuilder>> configureHandlers,
    IReadOnlyList<Action<IServiceCollection>> configureServices)
{
    /// <summary>Beyond the drain timeout, how long a stopping host may take: the handlers canceled after the drain get this to return.</summary>
    private static readonly TimeSpan ShutdownSlack = TimeSpan.FromSeconds(10);

    /// <summary>Builds the silo's host; <c>Owned</c> is what the silo holds beyond it (its store connection), to dispose after the host.</summary>
    public async Task<(IHost Host, IAsyncDisposable? Owned)> BuildAsync(string name)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = name,
            EnvironmentName = Environments.Development,
        });
        var scheduler = builder.Services.AddScheduler(options =>
        {
            TestSiloDefaults.Apply(options);
            foreach (var configure in configureSilos) configure(options);
        });
        // The cluster names its silos; a name set in ConfigureSilos would make every silo the same.
        builder.Services.PostConfigure<SchedulerOptions>(options => options.SiloId = name);
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<SchedulerOptions>>((host, silo) =>
            host.ShutdownTimeout = silo.Value.DrainTimeout + ShutdownSlack);
        var owned = await storage.UseAsync(scheduler).ConfigureAwait(false);
        try
        {
            foreach (var configure in configureHandlers) configure(scheduler);
            foreach (var configure in configureServices) configure(builder.Services);
            return (builder.Build(), owned);
        }
        catch
        {
            if (owned is not null) await owned.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
