using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using OrleansScheduler.Silo.Tests.Infrastructure;
using OrleansScheduler.Tls;

namespace OrleansScheduler.Silo.Tests;

/// <summary>How <c>Scheduler:Tls</c> is read: mistakes stop the executable at start with a sentence naming the setting (never the password), and which peers are trusted.</summary>
public sealed class OrleansTlsSettingsTests : IDisposable
{
    private readonly TlsCertificateFiles _certificates = new();

    public void Dispose() => _certificates.Dispose();

    private static OptionsValidationException StartRefused(params string[] args) =>
        Assert.Throws<OptionsValidationException>(() => SiloApplication.Create(args));

    [Fact]
    public void a_certificate_with_neither_a_ca_nor_a_thumbprint_stops_the_silo_at_start_since_no_peer_could_be_trusted()
    {
        var refused = StartRefused($"--Scheduler:Tls:Certificate={_certificates.SiloPfxPath}", $"--Scheduler:Tls:CertificatePassword={_certificates.SiloPassword}");

        Assert.Contains("set CaCertificate or AllowedThumbprints", refused.Message);
    }

    [Fact]
    public void a_wrong_certificate_password_stops_the_silo_naming_the_file_and_never_the_password()
    {
        string wrong = "not-" + _certificates.SiloPassword;

        var refused = StartRefused($"--Scheduler:Tls:Certificate={_certificates.SiloPfxPath}", $"--Scheduler:Tls:CertificatePassword={wrong}",
            $"--Scheduler:Tls:CaCertificate={_certificates.CaPath}");

        Assert.Contains(_certificates.SiloPfxPath, refused.Message);
        Assert.Contains("Scheduler:Tls:CertificatePassword", refused.Message);
        Assert.DoesNotContain(wrong, refused.ToString());
        Assert.DoesNotContain(_certificates.SiloPassword, refused.ToString());
    }

    [Fact]
    public void a_missing_certificate_file_stops_the_silo_naming_the_setting_and_the_path()
    {
        string missing = Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid().ToString("N") + ".pfx");

        var refused = StartRefused($"--Scheduler:Tls:Certificate={missing}", $"--Scheduler:Tls:CaCertificate={_certificates.CaPath}");

        Assert.Contains($"Scheduler:Tls:Certificate: the file '{missing}' does not exist", refused.Message);
    }

    [Fact]
    public void a_ca_without_a_certificate_is_refused_instead_of_leaving_tls_silently_off()
    {
        var refused = StartRefused($"--Scheduler:Tls:CaCertificate={_certificates.CaPath}");

        Assert.Contains("Certificate is not", refused.Message);
    }

    [Fact]
    public void a_pinned_self_signed_certificate_is_trusted_by_its_sha256_thumbprint_written_with_colons_and_an_unpinned_one_is_not()
    {
        using var stranger = X509CertificateLoader.LoadPkcs12FromFile(_certificates.StrangerPfxPath, _certificates.SiloPassword);
        using var other = X509CertificateLoader.LoadPkcs12FromFile(_certificates.SiloPfxPath, _certificates.SiloPassword);
        string withColons = string.Join(':', _certificates.StrangerSha256.ToLowerInvariant().Chunk(2).Select(c => new string(c)));
        var validator = new PeerCertificateValidator(ca: null, [withColons]);

        Assert.True(validator.Validate(stranger, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(validator.Validate(other, null, SslPolicyErrors.None));
    }

    [Fact]
    public void a_certificate_from_another_ca_is_not_trusted_even_when_the_system_found_no_error()
    {
        using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(_certificates.CaPath));
        using var signed = X509CertificateLoader.LoadPkcs12FromFile(_certificates.SiloPfxPath, _certificates.SiloPassword);
        using var stranger = X509CertificateLoader.LoadPkcs12FromFile(_certificates.StrangerPfxPath, _certificates.SiloPassword);
        var validator = new PeerCertificateValidator(ca, []);

        Assert.True(validator.Validate(signed, null, SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.False(validator.Validate(stranger, null, SslPolicyErrors.None));
    }
}
