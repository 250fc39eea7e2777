using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace OrleansScheduler.Testing;

/// <summary>
/// A self-signed CA of its own, with a server certificate for 127.0.0.1 and a client certificate it issued, as
/// PEM files in a temp dir (deleted on dispose): what a TLS-only redis-server (<see cref="ServerOptions"/>) and
/// the silos that trust it need. Made with <see cref="CertificateRequest"/>, so no openssl CLI is needed.
/// </summary>
public sealed class RedisTlsCertificates : IDisposable
{
    private readonly X509Certificate2 _ca;
    private readonly X509Certificate2 _client;

    /// <summary>Makes the CA and both certificates, valid from a day ago for a day.</summary>
    public RedisTlsCertificates()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("orleans-scheduler-tls-").FullName;
        _ca = CreateCa();
        var server = Issue(_ca, "CN=redis-server", serverAuth: true);
        _client = Issue(_ca, "CN=osched-silo", serverAuth: false);
        Write(CaCertificate, _ca.ExportCertificatePem());
        Write(ServerCertificate, server.ExportCertificatePem());
        Write(ServerKey, server.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        Write(ClientCertificate, _client.ExportCertificatePem());
        Write(ClientKey, _client.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>The directory holding the PEM files.</summary>
    public string Directory { get; }

    /// <summary>The CA's certificate (PEM).</summary>
    public string CaCertificate => Path.Combine(Directory, "ca.crt");

    /// <summary>The server's certificate (PEM), for 127.0.0.1 and localhost.</summary>
    public string ServerCertificate => Path.Combine(Directory, "redis.crt");

    /// <summary>The server certificate's private key (PEM).</summary>
    public string ServerKey => Path.Combine(Directory, "redis.key");

    /// <summary>A client certificate the CA issued (PEM), for a server that asks clients for one.</summary>
    public string ClientCertificate => Path.Combine(Directory, "client.crt");

    /// <summary>The client certificate's private key (PEM).</summary>
    public string ClientKey => Path.Combine(Directory, "client.key");

    /// <summary>
    /// A redis-server that speaks only TLS on its port, with these certificates, and asks every client for a
    /// certificate of this CA (redis' default, <c>tls-auth-clients yes</c>); ready when it answers PING over TLS.
    /// </summary>
    public RedisServerOptions ServerOptions() => new()
    {
        Arguments = ["--port", "0", "--tls-port", "{port}", "--tls-cert-file", ServerCertificate, "--tls-key-file", ServerKey,
            "--tls-ca-cert-file", CaCertificate, "--tls-auth-clients", "yes"],
        IsReady = PingAsync,
    };

    /// <summary>Whether a PING over TLS (trusting this CA, presenting the client certificate) on <paramref name="port"/> is answered with PONG.</summary>
    public async Task<bool> PingAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            await using var tls = new SslStream(client.GetStream());
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "127.0.0.1",
                ClientCertificates = [_client],
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 c && c.Issuer == _ca.Subject,
            }, timeout.Token);
            await tls.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
            var buffer = new byte[64];
            int read = await tls.ReadAsync(buffer, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _ca.Dispose();
        _client.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { /* best effort: a temp dir left behind is harmless */ }
    }

    private static X509Certificate2 CreateCa()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=OrleansScheduler test CA " + Guid.NewGuid().ToString("N")[..8], key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string subject, bool serverAuth)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [serverAuth ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        if (serverAuth)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        byte[] serial = RandomNumberGenerator.GetBytes(16);
        using var issued = request.Create(ca, ca.NotBefore, ca.NotAfter, serial);
        // Exported and reloaded with its key so the TLS stack can use it (an in-memory pairing counts as ephemeral on Linux).
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    private void Write(string path, string pem) => File.WriteAllText(path, pem);
}
