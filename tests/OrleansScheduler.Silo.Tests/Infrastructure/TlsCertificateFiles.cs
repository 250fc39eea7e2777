using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>
/// Certificates for the Orleans TLS tests, made with <see cref="CertificateRequest"/> and written to a directory of their
/// own: a CA, a silo certificate it signed (PKCS#12 with a password), a client certificate it signed (PEM, key apart),
/// and a self-signed certificate nobody trusts. Deleted with the instance.
/// </summary>
public sealed class TlsCertificateFiles : IDisposable
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1", ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    private readonly string _directory = Directory.CreateTempSubdirectory("osched-tls-").FullName;

    /// <summary>Makes and writes the certificates.</summary>
    public TlsCertificateFiles()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=osched test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddDays(60));
        CaPath = Write("ca.pem", ca.ExportCertificatePem());

        using var silo = Issue(ca, "CN=osched-silo", out var siloKey);
        SiloPfxPath = Path.Combine(_directory, "silo.pfx");
        File.WriteAllBytes(SiloPfxPath, silo.CopyWithPrivateKey(siloKey).Export(X509ContentType.Pkcs12, SiloPassword));
        siloKey.Dispose();

        using var client = Issue(ca, "CN=osched-gateway", out var clientKey);
        ClientPemPath = Write("client.pem", client.ExportCertificatePem());
        ClientKeyPath = Write("client.key", clientKey.ExportPkcs8PrivateKeyPem());
        clientKey.Dispose();

        using var strangerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var strangerRequest = Leaf("CN=osched-stranger", strangerKey);
        using var stranger = strangerRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        StrangerPfxPath = Path.Combine(_directory, "stranger.pfx");
        File.WriteAllBytes(StrangerPfxPath, stranger.Export(X509ContentType.Pkcs12, SiloPassword));
        StrangerSha256 = stranger.GetCertHashString(HashAlgorithmName.SHA256);
    }

    /// <summary>The password of the PKCS#12 files; the tests check it appears in no message.</summary>
    public string SiloPassword { get; } = "s3cret-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The CA's certificate, for clients that must trust it.</summary>
    public X509Certificate2 LoadCa() => X509Certificate2.CreateFromPem(File.ReadAllText(CaPath));

    /// <summary>The CA's certificate (PEM).</summary>
    public string CaPath { get; }

    /// <summary>The silos' certificate and key (PKCS#12, <see cref="SiloPassword"/>).</summary>
    public string SiloPfxPath { get; }

    /// <summary>The gateway's certificate (PEM), signed by the CA.</summary>
    public string ClientPemPath { get; }

    /// <summary>The gateway's private key (PEM, unencrypted).</summary>
    public string ClientKeyPath { get; }

    /// <summary>A self-signed certificate and key (PKCS#12, <see cref="SiloPassword"/>) the CA did not sign.</summary>
    public string StrangerPfxPath { get; }

    /// <summary>The SHA-256 thumbprint of the stranger's certificate (hex).</summary>
    public string StrangerSha256 { get; }

    /// <summary>Settings that turn Orleans TLS on with the silo certificate, trusting the CA.</summary>
    public Dictionary<string, string?> SiloSettings() => new()
    {
        ["Scheduler:Tls:Certificate"] = SiloPfxPath,
        ["Scheduler:Tls:CertificatePassword"] = SiloPassword,
        ["Scheduler:Tls:CaCertificate"] = CaPath,
    };

    /// <summary>Settings that turn Orleans TLS on with the client certificate in PEM, trusting the CA.</summary>
    public Dictionary<string, string?> ClientSettings() => new()
    {
        ["Scheduler:Tls:Certificate"] = ClientPemPath,
        ["Scheduler:Tls:CertificateKey"] = ClientKeyPath,
        ["Scheduler:Tls:CaCertificate"] = CaPath,
    };

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static X509Certificate2 Issue(X509Certificate2 ca, string subject, out ECDsa key)
    {
        key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serial = RandomNumberGenerator.GetBytes(16);
        return Leaf(subject, key).Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), serial);
    }

    private static CertificateRequest Leaf(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthentication), new Oid(ClientAuthentication)], false));
        // The names an HTTPS client checks; Orleans' own connections trust by CA or thumbprint instead.
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request;
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
