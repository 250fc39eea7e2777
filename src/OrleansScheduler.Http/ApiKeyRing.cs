using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace OrleansScheduler.Http;

/// <summary>
/// The configured API keys, each kept only as its SHA-256 with its role and its name in the configuration.
/// A key given is hashed and compared with every key in constant time, so neither the response time nor its
/// length tells how much of a guess was right or how long the real key is.
/// </summary>
internal sealed class ApiKeyRing
{
    private readonly IReadOnlyList<Entry> _entries;

    /// <summary>The keys <paramref name="options"/> name (validated by <see cref="ApiOptionsValidator"/>).</summary>
    public ApiKeyRing(IOptions<ApiOptions> options)
    {
        var value = options.Value;
        var entries = new List<Entry>();
        if (!string.IsNullOrEmpty(value.ApiKey)) entries.Add(new Entry(Hash(value.ApiKey), ApiRole.Admin, ApiOptions.Section + ":ApiKey"));
        foreach (var (name, key) in value.ApiKeys)
        {
            if (string.IsNullOrEmpty(key.Key) || ApiOptionsValidator.ParseRole(key.Role) is not { } role) continue;
            entries.Add(new Entry(Hash(key.Key), role, ApiOptionsValidator.NameOf(name)));
        }
        _entries = entries;
    }

    /// <summary>True when no key is configured: the API is open to everyone, as an admin.</summary>
    public bool IsOpen => _entries.Count == 0;

    /// <summary>The key <paramref name="given"/> is, or null when it is none of them.</summary>
    public Entry? Match(string given)
    {
        byte[] hash = Hash(given);
        Entry? match = null;
        // No early exit: every request costs the same comparisons, whichever key (if any) it holds.
        foreach (var entry in _entries)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, entry.Hash)) match = entry;
        }
        return match;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>One key: its hash, its role, and the configuration name logs refer to it by.</summary>
    internal sealed record Entry(byte[] Hash, ApiRole Role, string Name);
}
