using System.Net;
using System.Security.Cryptography.X509Certificates;
using OrleansScheduler.Silo.Tests.Infrastructure;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Silo.Tests;

/// <summary>The silo executable serves its API over HTTPS from Kestrel's own settings, as docs/security.md describes them.</summary>
public sealed class HttpsEndpointTests : IDisposable
{
    private readonly TlsCertificateFiles _certificates = new();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public async Task the_silo_serves_its_api_over_https_with_the_certificate_kestrel_endpoints_https_names()
    {
        int[] ports = FreePort.Take(3);
        string url = $"https://127.0.0.1:{ports[0]}";
        await using var app = SiloApplication.Create([
            $"--Kestrel:Endpoints:Https:Url={url}",
            $"--Kestrel:Endpoints:Https:Certificate:Path={_certificates.SiloPfxPath}",
            $"--Kestrel:Endpoints:Https:Certificate:Password={_certificates.SiloPassword}",
            $"--Orleans:Endpoints:SiloPort={ports[1]}", $"--Orleans:Endpoints:GatewayPort={ports[2]}",
            "--Scheduler:DrainTimeout=00:00:01", "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync();
        using var ca = _certificates.LoadCa();
        // The client trusts only the test's CA, and checks the host name as any HTTPS client does.
        var trustingTheCa = new SocketsHttpHandler();
        trustingTheCa.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            CustomTrustStore = { ca },
        };
        using var http = new HttpClient(trustingTheCa) { BaseAddress = new Uri(url) };

        var response = await http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("silo", (await response.JsonAsync()).Str("role"));
        await app.StopAsync();
    }
}
