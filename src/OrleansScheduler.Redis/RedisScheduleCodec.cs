using System.Globalization;
using OrleansScheduler.Scheduling.Schedules;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// Translates between a schedule hash (fields documented in <see cref="RedisKeys"/>) and
/// <see cref="Schedule"/>. Policies are letters from explicit tables, not enum ordinals, so
/// reordering an enum cannot corrupt stored data.
/// </summary>
internal static class RedisScheduleCodec
{
    /// <summary>The definition's fields and <c>u</c> (updated at), as field, value, … for HSET.</summary>
    public static List<RedisValue> DefinitionFields(ScheduleDefinition definition, long updatedMs)
    {
        var task = definition.Task;
        return
        [
            "cr", definition.Cron, "tz", definition.TimeZone, "en", definition.Enabled ? 1 : 0,
            "ov", definition.Overlap == OverlapPolicy.Skip ? "S" : "A", "cu", definition.CatchUp == CatchUpPolicy.Once ? "O" : "N",
            "t", task.Type, "q", task.Queue, "p", task.Payload, "pr", task.Priority, "m", task.MaxAttempts,
            "to", RedisTaskCodec.Ms(task.Timeout.TotalMilliseconds), "bo", RedisTaskCodec.Ms(task.Backoff.TotalMilliseconds),
            // always written, "" for none, so a definition replaced without routing drops the old one
            "ro", task.Routing is { } routing ? RedisRoutingCodec.Encode(routing) : "",
            "tg", task.Target is { } target ? RedisTargetCodec.Encode(target) : "",
            "u", updatedMs,
        ];
    }

    /// <summary>A schedule from the flat field/value array HGETALL returns inside a script; null when empty.</summary>
    public static Schedule? ToSchedule(string name, RedisResult[] flat)
    {
        var fields = new Dictionary<string, RedisValue>(flat.Length / 2, StringComparer.Ordinal);
        for (int i = 0; i + 1 < flat.Length; i += 2) fields[(string)flat[i]!] = (RedisValue)flat[i + 1];
        return ToSchedule(name, fields);
    }

    /// <summary>A schedule from HGETALL's entries; null when empty (no such schedule).</summary>
    public static Schedule? ToSchedule(string name, HashEntry[] entries) =>
        ToSchedule(name, entries.ToDictionary(e => (string)e.Name!, e => e.Value, StringComparer.Ordinal));

    private static Schedule? ToSchedule(string name, Dictionary<string, RedisValue> f)
    {
        if (!f.TryGetValue("cr", out var cron)) return null;
        RedisValue Get(string field) => f.TryGetValue(field, out var value) ? value : RedisValue.Null;
        DateTimeOffset? Time(string field) => Get(field) is { IsNull: false } value ? RedisTaskCodec.ParseTime(value) : null;
        TimeSpan Ms(string field) => TimeSpan.FromMilliseconds(double.Parse((string)Get(field)!, NumberStyles.Float, CultureInfo.InvariantCulture));

        return new Schedule
        {
            Definition = new ScheduleDefinition
            {
                Name = name,
                Cron = (string)cron!,
                TimeZone = (string)Get("tz")!,
                Enabled = (int)Get("en") == 1,
                Overlap = (string?)Get("ov") == "S" ? OverlapPolicy.Skip : OverlapPolicy.Allow,
                CatchUp = (string?)Get("cu") == "O" ? CatchUpPolicy.Once : CatchUpPolicy.None,
                Task = new ScheduleTaskTemplate
                {
                    Type = (string)Get("t")!,
                    Queue = (string)Get("q")!,
                    Payload = (string?)Get("p") ?? "null",
                    Priority = (int)Get("pr"),
                    MaxAttempts = (int)Get("m"),
                    Timeout = Ms("to"),
                    Backoff = Ms("bo"),
                    Routing = (string?)Get("ro") is { Length: > 0 } routing ? RedisRoutingCodec.Decode(routing) : null,
                    Target = (string?)Get("tg") is { Length: > 0 } target ? RedisTargetCodec.Decode(target) : null,
                },
            },
            NextFireAt = Time("nf"),
            LastFiredAt = Time("lf"),
            LastTaskId = (string?)Get("lt"),
            CreatedAt = RedisTaskCodec.ParseTime(Get("c")),
            UpdatedAt = RedisTaskCodec.ParseTime(Get("u")),
        };
    }
}
