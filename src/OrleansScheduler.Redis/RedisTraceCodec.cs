namespace OrleansScheduler.Redis;

/// <summary>
/// A task's trace context as the store keeps it (field <c>tr</c>, see <see cref="RedisKeys"/>): the W3C
/// <c>traceparent</c>, then a newline and the <c>tracestate</c> when there is one; "" for none. Neither header
/// may hold a newline, so the split is unambiguous; no script reads the field, claim.lua only returns it.
/// </summary>
internal static class RedisTraceCodec
{
    public static string Encode(string? traceParent, string? traceState) =>
        traceParent is null ? "" : string.IsNullOrEmpty(traceState) ? traceParent : traceParent + "\n" + traceState;

    public static (string? TraceParent, string? TraceState) Decode(string stored)
    {
        if (stored.Length == 0) return (null, null);
        int split = stored.IndexOf('\n');
        return split < 0 ? (stored, null) : (stored[..split], stored[(split + 1)..]);
    }
}
