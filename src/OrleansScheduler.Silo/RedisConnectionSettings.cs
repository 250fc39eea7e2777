using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using StackExchange.Redis;

namespace OrleansScheduler.Silo;

/// <summary>
/// The one Redis connection configuration of an executable, built from its settings and handed to everything
/// that connects to Redis: Orleans' clustering, reminders and grain storage, and the task store in a silo;
/// Orleans' clustering in a gateway (which compiles this file too). <c>Scheduler:Redis</c> is a
/// StackExchange.Redis configuration string and carries the credentials (<c>user=</c>, <c>password=</c>) and
/// <c>ssl=true</c>; the <c>Scheduler:RedisTls</c> keys name PEM files, which a configuration string cannot.
/// </summary>
internal static class RedisConnectionSettings
{
    /// <summary>The StackExchange.Redis configuration string; unset: no Redis.</summary>
    public const string Redis = "Scheduler:Redis";

    /// <summary>A PEM file of the CA that issued the Redis server's certificate, trusted for that connection only (the machine's store is not consulted).</summary>
    public const string CaCertificate = "Scheduler:RedisTls:CaCertificate";

    /// <summary>A PEM file of this process's client certificate, for a Redis with <c>tls-auth-clients yes</c>.</summary>
    public const string ClientCertificate = "Scheduler:RedisTls:ClientCertificate";

    /// <summary>The PEM file of <see cref="ClientCertificate"/>'s private key; unset: the key is in the certificate's file.</summary>
    public const string ClientKey = "Scheduler:RedisTls:ClientKey";

    /// <summary>
    /// The configuration <paramref name="configuration"/> describes, or null when <see cref="Redis"/> is unset.
    /// Naming a CA or a client certificate turns TLS on. Give each consumer its own
    /// <see cref="ConfigurationOptions.Clone"/>: StackExchange.Redis' options are mutable.
    /// </summary>
    /// <exception cref="ArgumentException">A named file does not exist or holds no certificate (or key).</exception>
    public static ConfigurationOptions? Read(IConfiguration configuration)
    {
        if (configuration[Redis] is not { Length: > 0 } redis) return null;
        var options = ConfigurationOptions.Parse(redis);
        if (configuration[CaCertificate] is { Length: > 0 } ca)
        {
            var authority = Load(CaCertificate, ca, () => X509CertificateLoader.LoadCertificateFromFile(ca));
            options.Ssl = true;
            options.CertificateValidation += (_, certificate, _, errors) => ThrowUnlessIssuedBy(authority, ca, certificate, errors);
        }
        if (configuration[ClientCertificate] is { Length: > 0 } client)
        {
            string? key = configuration[ClientKey] is { Length: > 0 } k ? k : null;
            // Exported and reloaded: SslStream on Linux refuses a PEM-loaded key as an "ephemeral" one.
            var certificate = Load(ClientCertificate, client, () =>
            {
                using var pem = X509Certificate2.CreateFromPemFile(client, key);
                return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            });
            options.Ssl = true;
            options.CertificateSelection += (_, _, _, _, _) => certificate;
        }
        return options;
    }

    /// <summary>
    /// True when the server's <paramref name="certificate"/> chains up to <paramref name="authority"/> alone; else
    /// throws, saying why, which StackExchange.Redis puts into the connection error the silo stops with (a plain
    /// false would only say the certificate "was rejected by the provided RemoteCertificateValidationCallback").
    /// A name mismatch is never forgiven: the certificate must name the host the configuration string connects to.
    /// </summary>
    private static bool ThrowUnlessIssuedBy(X509Certificate2 authority, string path, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null) throw new AuthenticationException("Redis sent no TLS certificate.");
        using var server = new X509Certificate2(certificate);
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            throw new AuthenticationException($"Redis' TLS certificate ({server.Subject}) does not name the host connected to; add sslHost=<a name it has> to {Redis}.");
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // a private CA publishes no revocation list
        if (chain.Build(server)) return true;
        string why = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Distinct());
        throw new AuthenticationException(
            $"Redis' TLS certificate ({server.Subject}, issued by {server.Issuer}) does not chain up to the CA in {path} ({CaCertificate}, {authority.Subject}): {why}");
    }

    private static X509Certificate2 Load(string key, string path, Func<X509Certificate2> load)
    {
        if (!File.Exists(path)) throw new ArgumentException($"{key}: no file '{path}'.");
        try
        {
            return load();
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new ArgumentException($"{key}: '{path}' holds no PEM certificate (and key) that can be read: {e.Message}");
        }
    }
}
