using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansScheduler.Gateway;

namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>
/// A silo and a gateway-only process on an <see cref="AclRedisBackend"/>, each logged in as its own ACL user,
/// both logging at <c>Trace</c> for every category into <see cref="Logs"/> from the moment they start
/// (Orleans' options dump included), so tests can look for the passwords there.
/// </summary>
public sealed class AclClusterFixture : IAsyncLifetime
{
    /// <summary>Every category at the most verbose level, overriding the test hosts' quiet defaults.</summary>
    public static readonly IReadOnlyDictionary<string, string?> TraceEverything = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        ["Logging:LogLevel:OrleansScheduler.Handlers"] = "Trace",
    };

    /// <summary>The Redis and its users.</summary>
    public AclRedisBackend Redis { get; } = new();

    /// <summary>What the silo and the gateway logged.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>The silo's settings (Orleans cluster id, the Redis as <see cref="AclRedisBackend.SiloUser"/>).</summary>
    public IReadOnlyDictionary<string, string?> SiloSettings { get; private set; } = null!;

    /// <summary>The silo.</summary>
    public SiloFactory Silo { get; private set; } = null!;

    /// <summary>The gateway, an Orleans client logged in as <see cref="AclRedisBackend.GatewayUser"/>.</summary>
    public WebApplicationFactory<GatewayProgram> Gateway { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        string clusterId = "acl-" + Guid.NewGuid().ToString("N")[..10];
        var settings = new Dictionary<string, string?>(await Redis.StartAsync()) { ["Orleans:ClusterId"] = clusterId };
        SiloSettings = settings;
        Silo = new SiloFactory(new Dictionary<string, string?>(settings.Concat(TraceEverything)), Capture).Start();
        Gateway = new GatewayFactory(new Dictionary<string, string?>(TraceEverything)
        {
            ["Scheduler:Redis"] = Redis.ConnectionString(AclRedisBackend.GatewayUser, Redis.GatewayPassword),
            ["Orleans:ClusterId"] = clusterId,
        }).WithWebHostBuilder(b => b.ConfigureServices(Capture));
        _ = Gateway.Server;
    }

    /// <summary>Services that send every log line to <see cref="Logs"/> (and no longer to the console, which would flood the test output).</summary>
    public void Capture(IServiceCollection services) => CaptureInto(Logs)(services);

    /// <summary>Services that send every log line to <paramref name="logs"/> alone.</summary>
    public static Action<IServiceCollection> CaptureInto(CapturedLogs logs) => services => services.AddLogging(b => b.ClearProviders().AddProvider(logs));

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (Gateway is not null) await Gateway.DisposeAsync();
        if (Silo is not null) await Silo.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
