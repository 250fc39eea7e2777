using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using OrleansScheduler.Silo.Tests.Infrastructure;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Silo.Tests;

/// <summary>
/// Orleans' own connections under mutual TLS (<c>Scheduler:Tls</c>), through the real executables in this process: silos
/// with certificates from one CA form a cluster and run tasks; a gateway with such a certificate submits; a gateway without
/// TLS, or with a certificate the CA did not sign, cannot connect.
/// </summary>
public sealed class OrleansTlsTests(OrleansTlsTests.TlsCluster cluster) : IClassFixture<OrleansTlsTests.TlsCluster>
{
    /// <summary>A cluster whose silos all use TLS, with its certificates.</summary>
    public sealed class TlsCluster() : SiloFixture(new InMemoryBackend())
    {
        /// <summary>The CA, silo, client and stranger certificates.</summary>
        public TlsCertificateFiles Certificates { get; } = new();

        /// <inheritdoc />
        protected override IReadOnlyDictionary<string, string?> FirstSiloSettings => Certificates.SiloSettings();

        /// <summary>The gateway-only executable connecting to this cluster with <paramref name="tls"/> added to its settings.</summary>
        public GatewayFactory Gateway(IReadOnlyDictionary<string, string?> tls)
        {
            var settings = new Dictionary<string, string?>(GatewaySettings);
            foreach (var (key, value) in tls) settings[key] = value;
            return new GatewayFactory(settings);
        }

        /// <inheritdoc />
        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            Certificates.Dispose();
        }
    }

    [Fact]
    public async Task a_second_silo_with_a_certificate_from_the_same_ca_joins_over_tls_and_runs_the_tasks_of_its_queue()
    {
        string queue = "tls-" + Guid.NewGuid().ToString("N")[..8];
        await using var second = cluster.StartSilo(new Dictionary<string, string?>(cluster.Certificates.SiloSettings()) { ["Scheduler:Queues:0"] = queue });

        string id = await cluster.Http.SubmitAsync($$$"""{"type":"echo","queue":"{{{queue}}}","payload":{"over":"tls"}}""");
        var task = await (await cluster.Http.GetAsync($"/api/tasks/{id}?waitMs=30000")).JsonAsync();

        Assert.Equal(("Succeeded", second.SiloId), (task.Str("status"), task.Str("silo")));
    }

    [Fact]
    public async Task the_certificate_password_reaches_no_log_of_a_silo_that_joins_over_tls_even_at_debug_level()
    {
        var logs = new CapturedLogs();
        var settings = new Dictionary<string, string?>(cluster.Certificates.SiloSettings())
        {
            ["Logging:LogLevel:Default"] = "Debug",
            ["Scheduler:Queues:0"] = "tls-logs-" + Guid.NewGuid().ToString("N")[..8],
        };
        await using (var silo = cluster.StartSilo(settings, services => services.AddLogging(b => b.AddProvider(logs))))
        {
            await Eventually.Until(() => Task.FromResult(silo.Services.GetRequiredService<OrleansScheduler.Server.LocalSilo>().IsReady), ready => ready,
                "the silo joining over TLS to be ready", TimeSpan.FromSeconds(30));
        }

        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, l => l.Contains(cluster.Certificates.SiloPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_gateway_with_a_certificate_from_the_ca_connects_over_tls_and_its_submission_runs()
    {
        await using var gateway = cluster.Gateway(cluster.Certificates.ClientSettings());
        var http = gateway.CreateClient();

        string id = await http.SubmitAsync("""{"type":"echo","payload":{"via":"tls gateway"}}""");
        var task = await (await http.GetAsync($"/api/tasks/{id}?waitMs=30000")).JsonAsync();

        Assert.Equal(("Succeeded", cluster.SiloId), (task.Str("status"), task.Str("silo")));
    }

    [Fact]
    public async Task a_gateway_without_tls_cannot_connect_to_the_cluster()
    {
        await using var gateway = cluster.Gateway(new Dictionary<string, string?>());

        await AssertCannotConnectAsync(gateway);
    }

    [Fact]
    public async Task a_gateway_whose_certificate_the_ca_did_not_sign_cannot_connect_and_the_silo_logs_which_certificate_it_refused_and_why()
    {
        var certificates = cluster.Certificates;
        var logs = new CapturedLogs();
        await using var silo = cluster.StartSilo(new Dictionary<string, string?>(certificates.SiloSettings()) { ["Scheduler:Queues:0"] = "tls-refusal" },
            services => services.AddLogging(b => b.AddProvider(logs)));
        await using var gateway = cluster.Gateway(new Dictionary<string, string?>
        {
            ["Orleans:Endpoints:GatewayPort"] = silo.GatewayPort.ToString(),
            ["Scheduler:Tls:Certificate"] = certificates.StrangerPfxPath,
            ["Scheduler:Tls:CertificatePassword"] = certificates.SiloPassword,
            ["Scheduler:Tls:CaCertificate"] = certificates.CaPath,
        });

        await AssertCannotConnectAsync(gateway);

        Assert.Contains(logs.Lines, l => l.Contains($"Refused the Orleans TLS peer CN=osched-stranger (SHA-256 {certificates.StrangerSha256})", StringComparison.Ordinal)
            && l.Contains("does not chain to the CA CN=osched test CA", StringComparison.Ordinal));
    }

    private static async Task AssertCannotConnectAsync(GatewayFactory gateway)
    {
        // Orleans' client retries a refused connection for minutes by default; one attempt says as much here.
        var firstAttempt = new OneAttempt();
        var once = gateway.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IClientConnectionRetryFilter>(firstAttempt)));

        // The Orleans client connects while the host starts, so a refused connection fails the start.
        var failure = await Record.ExceptionAsync(() => Task.Run(() => once.CreateClient()));

        Assert.NotNull(failure);
        Assert.True(firstAttempt.Failure is ConnectionFailedException or OrleansMessageRejectionException or SiloUnavailableException,
            $"expected the connection to the silo's gateway to fail, got: {firstAttempt.Failure?.ToString() ?? failure.ToString()}");
    }

    /// <summary>A client connection retry filter that records the first failure and gives up.</summary>
    private sealed class OneAttempt : IClientConnectionRetryFilter
    {
        public Exception? Failure { get; private set; }

        public Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
        {
            Failure ??= exception;
            return Task.FromResult(false);
        }
    }
}
