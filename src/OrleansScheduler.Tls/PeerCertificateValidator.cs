using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OrleansScheduler.Tls;

/// <summary>
/// Decides whether a silo or client at the other end of an Orleans connection is one of ours: its certificate chains
/// to the configured CA, or its thumbprint is on the allow-list. The host name is not checked (Orleans connects to the
/// IP addresses in its membership table, which certificates rarely name); the CA or the pin is what authenticates.
/// </summary>
internal sealed partial class PeerCertificateValidator
{
    private readonly X509Certificate2? _ca;
    private readonly HashSet<string> _thumbprints;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;

    /// <summary>A validator trusting <paramref name="ca"/> (may be null) and the <paramref name="thumbprints"/> (SHA-256 or SHA-1, hex); refusals go to <paramref name="logger"/>.</summary>
    public PeerCertificateValidator(X509Certificate2? ca, IEnumerable<string> thumbprints, ILogger? logger = null, TimeProvider? clock = null)
    {
        _ca = ca;
        _thumbprints = thumbprints.Select(Normalize).Where(t => t.Length > 0).ToHashSet(StringComparer.Ordinal);
        _logger = logger ?? NullLogger.Instance;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>
    /// Whether <paramref name="certificate"/> belongs to a trusted peer; <paramref name="chain"/> supplies the intermediates the peer sent.
    /// <paramref name="errors"/>, the system's verdict, is not used: it judges by the machine's roots and the host name, neither of which applies.
    /// </summary>
    public bool Validate(X509Certificate2 certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var now = _clock.GetLocalNow().DateTime;
        string sha256 = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        if (IsPinned(certificate, sha256))
        {
            if (certificate.NotBefore <= now && now <= certificate.NotAfter) return true;
            LogRefused(_logger, certificate.Subject, sha256, $"it is pinned but valid only from {certificate.NotBefore:u} to {certificate.NotAfter:u}");
            return false;
        }
        if (_ca is null)
        {
            LogRefused(_logger, certificate.Subject, sha256, "its thumbprint is not in AllowedThumbprints");
            return false;
        }
        using var ours = new X509Chain();
        ours.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        ours.ChainPolicy.CustomTrustStore.Add(_ca);
        // Revocation lists of a private CA are rarely published; the CA's own lifetime and rotation bound the risk.
        ours.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        ours.ChainPolicy.VerificationTime = now;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements) ours.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
        if (ours.Build(certificate)) return true;
        string problems = string.Join(", ", ours.ChainStatus.Select(s => s.Status).Distinct());
        LogRefused(_logger, certificate.Subject, sha256, $"it does not chain to the CA {_ca.Subject} ({problems}) and is not pinned");
        return false;
    }

    private bool IsPinned(X509Certificate2 certificate, string sha256) =>
        _thumbprints.Count > 0 && (_thumbprints.Contains(sha256) || _thumbprints.Contains(certificate.Thumbprint));

    private static string Normalize(string thumbprint) =>
        thumbprint.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Trim().ToUpperInvariant();

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Refused the Orleans TLS peer {Subject} (SHA-256 {Thumbprint}): {Reason}")]
    private static partial void LogRefused(ILogger logger, string subject, string thumbprint, string reason);
}
