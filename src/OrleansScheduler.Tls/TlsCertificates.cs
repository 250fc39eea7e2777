using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace OrleansScheduler.Tls;

/// <summary>
/// Reads the certificates <see cref="OrleansTlsOptions"/> names. Every failure is an <see cref="OptionsValidationException"/>
/// naming the setting and the file, never the password, so the executables stop with that sentence before they listen.
/// </summary>
internal static class TlsCertificates
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1", ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <summary>This process's certificate, with its private key, allowed for server and client authentication.</summary>
    public static X509Certificate2 LoadLocal(OrleansTlsOptions options)
    {
        string path = Existing(options.Certificate!, nameof(OrleansTlsOptions.Certificate));
        X509Certificate2 certificate;
        try
        {
            certificate = IsPkcs12(path) ? X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword, X509KeyStorageFlags.Exportable)
                : LoadPem(path, options);
        }
        catch (CryptographicException e)
        {
            throw Refused($"{Key(nameof(OrleansTlsOptions.Certificate))}: '{path}' could not be read as a certificate with its key "
                + $"(a wrong or missing {Key(nameof(OrleansTlsOptions.CertificatePassword))}, or not a PKCS#12 or PEM file): {e.Message}");
        }
        if (!certificate.HasPrivateKey)
            throw Refused($"{Key(nameof(OrleansTlsOptions.Certificate))}: '{path}' holds no private key; give the key in the file or in {Key(nameof(OrleansTlsOptions.CertificateKey))}.");
        if (certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is { } usages
            && !(Allows(usages, ServerAuthentication) && Allows(usages, ClientAuthentication)))
        {
            throw Refused($"{Key(nameof(OrleansTlsOptions.Certificate))}: '{path}' ({certificate.Subject}) must allow both TLS server and client "
                + "authentication: a silo is a server to its callers and a client of the other silos.");
        }
        return certificate;
    }

    /// <summary>The CA peers must chain to, or null when none is configured.</summary>
    public static X509Certificate2? LoadCa(OrleansTlsOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.CaCertificate)) return null;
        string path = Existing(options.CaCertificate, nameof(OrleansTlsOptions.CaCertificate));
        try
        {
            // LoadCertificateFromFile reads DER; a PEM file is read by its text (its first certificate).
            string text = File.ReadAllText(path);
            return text.Contains("-----BEGIN", StringComparison.Ordinal)
                ? X509Certificate2.CreateFromPem(text)
                : X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (CryptographicException e)
        {
            throw Refused($"{Key(nameof(OrleansTlsOptions.CaCertificate))}: '{path}' could not be read as a PEM or DER certificate: {e.Message}");
        }
    }

    /// <summary>The refusal of a TLS setting, as the executables report a bad setting.</summary>
    public static OptionsValidationException Refused(string message) =>
        new(OrleansTlsOptions.Section, typeof(OrleansTlsOptions), [message]);

    private static X509Certificate2 LoadPem(string path, OrleansTlsOptions options)
    {
        string keyPath = string.IsNullOrWhiteSpace(options.CertificateKey) ? path : Existing(options.CertificateKey, nameof(OrleansTlsOptions.CertificateKey));
        using var pem = string.IsNullOrEmpty(options.CertificatePassword)
            ? X509Certificate2.CreateFromPemFile(path, keyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(path, options.CertificatePassword, keyPath);
        // A PEM key is ephemeral, which SslStream on Windows cannot use; a PKCS#12 round trip gives it a stored key everywhere.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    private static bool IsPkcs12(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".pfx" or ".p12";

    private static bool Allows(X509EnhancedKeyUsageExtension usages, string oid) =>
        usages.EnhancedKeyUsages.Cast<Oid>().Any(u => u.Value == oid);

    private static string Existing(string path, string setting) =>
        File.Exists(path) ? path : throw Refused($"{Key(setting)}: the file '{path}' does not exist.");

    private static string Key(string setting) => $"{OrleansTlsOptions.Section}:{setting}";
}
