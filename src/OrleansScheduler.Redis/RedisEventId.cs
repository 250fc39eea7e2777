using System.Globalization;

namespace OrleansScheduler.Redis;

/// <summary>
/// An event's position in a queue's stream, <c>&lt;ms&gt;-&lt;seq&gt;</c>, ordered as Redis orders stream
/// ids: by ms, then seq. A stream entry's id is its first event's; the next events of the entry
/// follow with seq + 1, + 2, ….
/// </summary>
internal readonly record struct RedisEventId(ulong Ms, ulong Seq) : IComparable<RedisEventId>
{
    /// <summary>Parses <c>ms-seq</c>, or <c>ms</c> meaning <c>ms-0</c> as in Redis.</summary>
    public static bool TryParse(string text, out RedisEventId id)
    {
        id = default;
        int dash = text.IndexOf('-', StringComparison.Ordinal);
        var ms = dash < 0 ? text : text[..dash];
        var seq = dash < 0 ? "0" : text[(dash + 1)..];
        if (!ulong.TryParse(ms, NumberStyles.None, CultureInfo.InvariantCulture, out ulong m)
            || !ulong.TryParse(seq, NumberStyles.None, CultureInfo.InvariantCulture, out ulong s))
        {
            return false;
        }
        id = new RedisEventId(m, s);
        return true;
    }

    /// <summary>Parses an id the scripts wrote.</summary>
    /// <exception cref="FormatException">It is not <c>ms-seq</c>.</exception>
    public static RedisEventId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a stream id (<ms>-<seq>).");

    /// <inheritdoc />
    public int CompareTo(RedisEventId other) => Ms != other.Ms ? Ms.CompareTo(other.Ms) : Seq.CompareTo(other.Seq);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Ms}-{Seq}");
}
