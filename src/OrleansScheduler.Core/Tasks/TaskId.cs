using System.Security.Cryptography;

namespace OrleansScheduler.Tasks;

/// <summary>
/// Task ids: 26-character ULIDs (48-bit millisecond time, 80 random bits, Crockford base32), so
/// ids sort by creation time and lists can page by id. Ids made within one millisecond by one
/// process stay in order because the random part is incremented rather than redrawn.
/// </summary>
public static class TaskId
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static readonly Lock Gate = new();
    private static long _lastMs = -1;
    private static readonly byte[] LastRandom = new byte[10];

    /// <summary>A new id for a task created at <paramref name="now"/>.</summary>
    public static string New(DateTimeOffset now)
    {
        long ms = Math.Max(0, now.ToUnixTimeMilliseconds());
        Span<byte> random = stackalloc byte[10];
        lock (Gate)
        {
            if (ms <= _lastMs)
            {
                ms = _lastMs;
                Increment(LastRandom);
            }
            else
            {
                _lastMs = ms;
                RandomNumberGenerator.Fill(LastRandom);
                LastRandom[0] &= 0x7F; // leave headroom so increments never wrap within a millisecond
            }
            LastRandom.CopyTo(random);
        }
        return Encode(ms, random);
    }

    private static void Increment(byte[] value)
    {
        for (int i = value.Length - 1; i >= 0; i--)
        {
            if (++value[i] != 0) return;
        }
    }

    private static string Encode(long ms, ReadOnlySpan<byte> random)
    {
        Span<char> chars = stackalloc char[26];
        for (int i = 9; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(ms & 31)];
            ms >>= 5;
        }
        // 80 random bits → 16 characters of 5 bits.
        UInt128 bits = 0;
        foreach (byte b in random) bits = (bits << 8) | b;
        for (int i = 25; i >= 10; i--)
        {
            chars[i] = Alphabet[(int)(bits & 31)];
            bits >>= 5;
        }
        return new string(chars);
    }
}
