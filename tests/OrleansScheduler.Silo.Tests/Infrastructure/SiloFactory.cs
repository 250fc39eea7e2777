using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OrleansScheduler.Client;
using OrleansScheduler.Storage;

namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>
/// One silo in this process, hosted from the real Program with its settings given as
/// configuration (the way an operator would give them) and, optionally, extra services such as
/// test handlers. Several can run side by side, each with its own silo id and store settings.
/// </summary>
public sealed class SiloFactory(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    /// <summary>Settings every test silo shares: quick shutdown, and quiet logs.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Defaults = new Dictionary<string, string?>
    {
        ["Scheduler:DrainTimeout"] = "00:00:01",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:OrleansScheduler.Handlers"] = "Error",
    };

    /// <summary>The store the silo uses, to check what a request did (or did not) change.</summary>
    public ITaskStore Store => Services.GetRequiredService<ITaskStore>();

    /// <summary>A typed client whose HttpClient talks to this silo's gateway.</summary>
    public SchedulerClient CreateSchedulerClient() => new(CreateClient());

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // UseSetting, unlike ConfigureAppConfiguration, is visible while Program registers services,
        // which is when the silo reads Scheduler:Redis to choose its store.
        foreach (var (key, value) in Defaults.Concat(settings)) builder.UseSetting(key, value);
        if (services is not null) builder.ConfigureServices(services);
    }
}
