using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Redis;

/// <summary>
/// A <see cref="TaskRouting"/> as the store keeps it (field <c>ro</c> in <see cref="RedisKeys"/>): JSON in camelCase,
/// strategies as the API writes them (<c>"leastLoaded"</c>), nulls and the derived properties left out, so
/// claim.lua reads <c>cost</c>, <c>labels</c>, <c>concurrencyKey</c>, <c>maxConcurrent</c> and <c>strategy</c>
/// with cjson; and the lane a task not routed to a silo waits in (field <c>rl</c>).
/// </summary>
internal static class RedisRoutingCodec
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // FiltersAtClaim, NamesSilo and KeyLimit follow from the rest
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { LeaveOutDerived } },
    };

    public static string Encode(TaskRouting routing) => JsonSerializer.Serialize(routing, Options);

    public static TaskRouting Decode(string json) =>
        JsonSerializer.Deserialize<TaskRouting>(json, Options) ?? throw new FormatException("A stored routing is JSON null.");

    /// <summary>
    /// <c>rl</c>: "k" a key lane (a concurrency key), "f" the fit lane (filters at claim without a key), "" shared
    /// (no routing, or one that neither names a key nor filters). A task routed to a silo waits in that silo's
    /// lane whatever this says.
    /// </summary>
    public static string Lane(TaskRouting? routing) => routing switch
    {
        null => "",
        { ConcurrencyKey: not null } => "k",
        { FiltersAtClaim: true } => "f",
        _ => "",
    };

    private static void LeaveOutDerived(JsonTypeInfo info)
    {
        if (info.Type != typeof(TaskRouting)) return;
        for (int i = info.Properties.Count - 1; i >= 0; i--)
        {
            if (info.Properties[i].Set is null) info.Properties.RemoveAt(i);
        }
    }
}
