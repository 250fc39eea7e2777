namespace OrleansScheduler.Tls;

/// <summary>
/// TLS on Orleans' connections, bound from section <c>Scheduler:Tls</c>. Off while <see cref="Certificate"/> is empty.
/// When on, every connection is mutual TLS: silos and clients each show <see cref="Certificate"/> and accept a peer only
/// if its certificate chains to <see cref="CaCertificate"/> or is one of <see cref="AllowedThumbprints"/>; there is no
/// "accept any certificate" setting.
/// </summary>
public sealed class OrleansTlsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Scheduler:Tls";

    /// <summary>
    /// Path of this process's certificate with its private key: a PKCS#12 file (<c>.pfx</c>, <c>.p12</c>) or a PEM file
    /// (the key in it, or in <see cref="CertificateKey"/>). It must allow both TLS server and client authentication
    /// (no extended key usage, or both), since a silo is a server to its callers and a client of the other silos.
    /// Default: empty, TLS off.
    /// </summary>
    public string? Certificate { get; set; }

    /// <summary>Path of the PEM private key of a PEM <see cref="Certificate"/> kept in a file of its own. Default: empty (the key is in the certificate's file).</summary>
    public string? CertificateKey { get; set; }

    /// <summary>The password of a PKCS#12 <see cref="Certificate"/> or of an encrypted PEM key. Never logged. Default: empty (none).</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>
    /// Path of a CA certificate (PEM or DER): a peer is trusted when its certificate chains to this CA, whatever its host
    /// name, because silos reach each other by the IP addresses in the membership table. Default: empty.
    /// </summary>
    public string? CaCertificate { get; set; }

    /// <summary>
    /// Peer certificates trusted by their SHA-256 or SHA-1 thumbprint (hex, colons and case ignored), for self-signed
    /// certificates; a pinned certificate must still be within its validity dates. Default: none.
    /// </summary>
    public List<string> AllowedThumbprints { get; set; } = [];

    /// <summary>Whether TLS is on: a certificate is configured.</summary>
    public bool IsEnabled => !string.IsNullOrWhiteSpace(Certificate);
}
