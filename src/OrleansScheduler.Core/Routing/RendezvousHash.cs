using System.Buffers;
using System.IO.Hashing;
using System.Text;

namespace OrleansScheduler.Routing;

/// <summary>
/// Rendezvous (highest-random-weight) hashing: a key belongs to the candidate whose weight for it is highest.
/// Every silo computes the same owner from the same candidates, with no ring to agree on; when a silo leaves
/// only its keys move (each to its next-highest silo), and when one joins only the keys it now wins move, about
/// 1/N of them.
/// </summary>
public static class RendezvousHash
{
    private const int StackLimit = 512;

    /// <summary>
    /// The candidate that owns <paramref name="key"/>: the highest <see cref="Weight"/> of the key and the
    /// silo's <see cref="SiloView.HashIdentity"/> (its name, else its address); equal weights go to the
    /// lower <see cref="SiloView.Id"/> (ordinal). Null when there are no candidates.
    /// </summary>
    public static SiloView? Owner(string key, IReadOnlyList<SiloView> candidates)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(candidates);
        SiloView? owner = null;
        ulong best = 0;
        for (int i = 0; i < candidates.Count; i++)
        {
            var silo = candidates[i];
            ulong weight = Weight(key, silo.HashIdentity);
            if (owner is null || weight > best || (weight == best && string.CompareOrdinal(silo.Id, owner.Id) < 0))
            {
                owner = silo;
                best = weight;
            }
        }
        return owner;
    }

    /// <summary>The weight of <paramref name="siloIdentity"/> for <paramref name="key"/>: XxHash64 (seed 0) of the UTF-8 of key, '\n', identity.</summary>
    public static ulong Weight(string key, string siloIdentity)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(siloIdentity);
        int most = Encoding.UTF8.GetMaxByteCount(key.Length + 1 + siloIdentity.Length);
        byte[]? rented = most > StackLimit ? ArrayPool<byte>.Shared.Rent(most) : null;
        Span<byte> buffer = rented ?? stackalloc byte[StackLimit];
        try
        {
            int length = Encoding.UTF8.GetBytes(key, buffer);
            buffer[length++] = (byte)'\n';
            length += Encoding.UTF8.GetBytes(siloIdentity, buffer[length..]);
            return XxHash64.HashToUInt64(buffer[..length]);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
