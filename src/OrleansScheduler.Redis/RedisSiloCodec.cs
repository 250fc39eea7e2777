using System.Text.Json;
using OrleansScheduler.Membership;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// Translates between a silo hash (fields documented in <see cref="RedisKeys"/>) and
/// <see cref="SiloEntry"/>. Status letters are an explicit table, like the task state letters.
/// </summary>
internal static class RedisSiloCodec
{
    public static string Letter(SiloStatus status) => status switch
    {
        SiloStatus.Joining => "J",
        SiloStatus.Active => "A",
        SiloStatus.ShuttingDown => "S",
        SiloStatus.Dead => "D",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "No letter for this silo status."),
    };

    public static SiloStatus Status(string letter) => letter switch
    {
        "J" => SiloStatus.Joining,
        "A" => SiloStatus.Active,
        "S" => SiloStatus.ShuttingDown,
        "D" => SiloStatus.Dead,
        _ => throw new InvalidOperationException($"Unknown silo status letter '{letter}' in Redis."),
    };

    /// <summary>The registration as field/value pairs for silo_join.lua; the heartbeat is added by the script.</summary>
    public static List<RedisValue> Fields(SiloEntry silo)
    {
        var fields = new List<RedisValue>
        {
            "n", silo.Name,
            "q", JsonSerializer.Serialize(silo.Queues),
            "cap", silo.Capacity,
            "l", JsonSerializer.Serialize(silo.Labels),
            "v", silo.Version,
            "st", silo.StartedAt.ToUnixTimeMilliseconds(),
            "s", Letter(silo.Status),
        };
        if (silo.Address is { } address) fields.AddRange(["ad", address]);
        if (silo.Running != 0) fields.AddRange(["r", silo.Running]);
        if (silo.DrainRequested) fields.AddRange(["dr", "1"]);
        return fields;
    }

    /// <summary>An entry from the flat field/value array HGETALL returns inside a script; null when empty (gone meanwhile).</summary>
    public static SiloEntry? ToEntry(string id, RedisResult[] flat)
    {
        var f = new Dictionary<string, RedisValue>(flat.Length / 2, StringComparer.Ordinal);
        for (int i = 0; i + 1 < flat.Length; i += 2) f[(string)flat[i]!] = (RedisValue)flat[i + 1];
        if (!f.TryGetValue("s", out var status)) return null;
        RedisValue Get(string name) => f.TryGetValue(name, out var value) ? value : RedisValue.Null;

        return new SiloEntry
        {
            Id = id,
            Name = (string)Get("n")!,
            Address = (string?)Get("ad"),
            Queues = JsonSerializer.Deserialize<string[]>((string)Get("q")!) ?? [],
            Capacity = (int)Get("cap"),
            Labels = JsonSerializer.Deserialize<Dictionary<string, string>>((string)Get("l")!) ?? [],
            Version = (string?)Get("v") ?? "",
            StartedAt = RedisTaskCodec.ParseTime(Get("st")),
            Status = Status((string)status!),
            LastHeartbeat = RedisTaskCodec.ParseTime(Get("hb")),
            Running = (int)Get("r"),
            DrainRequested = Get("dr") == "1",
            DeclaredDeadAt = Get("dd") is { IsNull: false } dd ? RedisTaskCodec.ParseTime(dd) : null,
            FailoverDone = Get("fd") == "1",
        };
    }
}
