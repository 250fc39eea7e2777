using OrleansScheduler.Silo.Tests.Infrastructure;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Silo.Tests;

/// <summary>A silo and a gateway on a redis-server that speaks only TLS and asks clients for a certificate; and a silo that trusts the wrong CA.</summary>
public sealed class RedisTlsTests(TlsRedisGatewayOnlyFixture fixture) : IClassFixture<TlsRedisGatewayOnlyFixture>
{
    [Fact]
    public async Task a_task_submitted_through_the_gateway_runs_on_the_silo_when_both_reach_redis_over_tls_only()
    {
        string id = await fixture.GatewayHttp.SubmitAsync("""{"type":"echo","payload":{"via":"tls"}}""");

        var task = await (await fixture.GatewayHttp.GetAsync($"/api/tasks/{id}?waitMs=30000")).JsonAsync();

        Assert.Equal(("Succeeded", fixture.SiloId), (task.Str("status"), task.Str("silo")));
        Assert.Equal("tls", task.GetProperty("result").GetProperty("via").GetString());
    }

    [Fact]
    public async Task a_silo_that_trusts_another_ca_refuses_the_redis_certificate_and_fails_to_start_saying_so()
    {
        using var other = new RedisTlsCertificates();
        var settings = SiloSettings("Scheduler:RedisTls:CaCertificate", other.CaCertificate);
        settings["Scheduler:Redis"] += ",connectTimeout=1000"; // StackExchange.Redis retries a refused handshake until then (5 s by default)
        await using var silo = new SiloFactory(settings, AclClusterFixture.CaptureInto(new CapturedLogs()));

        var refused = Assert.ThrowsAny<Exception>(() => silo.Start());

        Assert.Contains($"Redis' TLS certificate (CN=redis-server, issued by CN=OrleansScheduler test CA", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"does not chain up to the CA in {other.CaCertificate} (Scheduler:RedisTls:CaCertificate", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_silo_whose_ca_file_does_not_exist_stops_naming_the_setting_and_the_path()
    {
        string missing = Path.Combine(Path.GetTempPath(), "no-such-ca-" + Guid.NewGuid().ToString("N") + ".crt");

        // Program prints an ArgumentException's message and exits with 64.
        var refused = Assert.Throws<ArgumentException>(() => SiloApplication.Create(
            ["--redis", "127.0.0.1:6379,ssl=true", $"--Scheduler:RedisTls:CaCertificate={missing}"]));

        Assert.Equal($"Scheduler:RedisTls:CaCertificate: no file '{missing}'.", refused.Message);
    }

    [Fact]
    public void a_client_certificate_file_that_holds_no_certificate_stops_the_silo_naming_the_setting()
    {
        using var certificates = new RedisTlsCertificates();

        var refused = Assert.Throws<ArgumentException>(() => SiloApplication.Create(
            ["--redis", "127.0.0.1:6379", $"--Scheduler:RedisTls:ClientCertificate={certificates.ServerKey}"]));

        Assert.StartsWith($"Scheduler:RedisTls:ClientCertificate: '{certificates.ServerKey}' holds no PEM certificate", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>The cluster's settings for one more silo, with <paramref name="key"/> changed to <paramref name="value"/>.</summary>
    private Dictionary<string, string?> SiloSettings(string key, string value)
    {
        var settings = new Dictionary<string, string?>(fixture.GatewaySettings) { [key] = value };
        settings.Remove("Orleans:Endpoints:GatewayPort"); // the fixture's silo's; this one gets its own
        return settings;
    }
}
