using System.Security.Cryptography;
using System.Text;

namespace OrleansScheduler.Alerts;

/// <summary>
/// How a webhook is signed: header <see cref="Header"/> is <c>sha256=</c> and the lower-case hex HMAC-SHA256 of the
/// raw body under the secret's UTF-8 bytes. The body carries <c>firedAt</c> and header <see cref="TimestampHeader"/>
/// the same instant in Unix seconds, so a receiver can refuse an old body replayed.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The signature header.</summary>
    public const string Header = "X-OSched-Signature";

    /// <summary>The header with the firing's time in Unix seconds.</summary>
    public const string TimestampHeader = "X-OSched-Timestamp";

    /// <summary>The header with the firing's id (<see cref="AlertFiring.Id"/>), the same on every retry.</summary>
    public const string IdHeader = "X-OSched-Alert";

    /// <summary>The value of <see cref="Header"/> for <paramref name="body"/>.</summary>
    public static string Sign(string secret, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
    }

    /// <summary>Whether <paramref name="signature"/> is the one of <paramref name="body"/> (compared in constant time).</summary>
    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? signature) =>
        signature is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, body)), Encoding.ASCII.GetBytes(signature));
}
