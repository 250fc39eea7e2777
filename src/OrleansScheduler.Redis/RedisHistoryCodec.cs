using System.Globalization;
using System.Text.Json;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// Translates the history the scripts write (layout in <see cref="RedisKeys"/>) to the domain types:
/// event stream entries, attempt records, log lines, and the limits hash.
/// </summary>
internal static class RedisHistoryCodec
{
    /// <summary>Events from an XRANGE reply, <c>{{id, {t, task, y, type, …}}, …}</c>.</summary>
    public static List<TaskEvent> Events(string queue, RedisResult reply)
    {
        var entries = (RedisResult[])reply!;
        var events = new List<TaskEvent>(entries.Length);
        foreach (RedisResult[] entry in entries.Cast<RedisResult>().Select(e => (RedisResult[])e!))
        {
            var flat = (RedisResult[])entry[1]!;
            var f = new Dictionary<string, string>(flat.Length / 2, StringComparer.Ordinal);
            for (int i = 0; i + 1 < flat.Length; i += 2) f[(string)flat[i]!] = (string)flat[i + 1]!;
            events.Add(new TaskEvent
            {
                Id = (string)entry[0]!,
                TaskId = f["t"],
                Queue = queue,
                Type = f["y"],
                From = f["f"].Length == 0 ? null : RedisTaskCodec.State(f["f"]),
                To = f["o"].Length == 0 ? null : RedisTaskCodec.State(f["o"]),
                Silo = f["si"].Length == 0 ? null : f["si"],
                Attempt = int.Parse(f["a"], CultureInfo.InvariantCulture),
                Time = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(f["ts"], CultureInfo.InvariantCulture)),
                Error = f["e"].Length == 0 ? null : f["e"],
            });
        }
        return events;
    }

    /// <summary>A finished attempt: <c>[number, silo, startedMs, finishedMs, outcome, error or '']</c>.</summary>
    public static TaskAttempt Attempt(string json)
    {
        using var document = JsonDocument.Parse(json);
        var a = document.RootElement;
        string error = a[5].GetString()!;
        return new TaskAttempt
        {
            Number = a[0].GetInt32(),
            Silo = a[1].GetString()!,
            StartedAt = Time(a[2]),
            FinishedAt = Time(a[3]),
            Outcome = a[4].GetString()!,
            Error = error.Length == 0 ? null : error,
        };
    }

    /// <summary>A log line as append_logs.lua stores it: <c>[attempt, timeMs, level, message]</c>.</summary>
    public static string EncodeLog(TaskLogEntry line, int maxLength) =>
        JsonSerializer.Serialize(new object[]
        {
            line.Attempt, line.Time.ToUnixTimeMilliseconds(), line.Level,
            line.Message.Length > maxLength ? line.Message[..maxLength] : line.Message,
        });

    public static TaskLogEntry Log(string taskId, string queue, string json)
    {
        using var document = JsonDocument.Parse(json);
        var l = document.RootElement;
        return new TaskLogEntry(taskId, queue, l[0].GetInt32(), DateTimeOffset.FromUnixTimeMilliseconds(l[1].GetInt64()),
            l[2].GetString()!, l[3].GetString()!);
    }

    /// <summary>Limits from the values of the limits hash's <c>c</c>, <c>r</c> and <c>ret</c> (null or empty = unset).</summary>
    public static QueueLimits Limits(string? concurrency, string? rate, string? retentionMs) => new()
    {
        MaxConcurrency = string.IsNullOrEmpty(concurrency) ? null : int.Parse(concurrency, CultureInfo.InvariantCulture),
        RatePerSecond = string.IsNullOrEmpty(rate) ? null : double.Parse(rate, NumberStyles.Float, CultureInfo.InvariantCulture),
        Retention = string.IsNullOrEmpty(retentionMs) ? null : TimeSpan.FromMilliseconds(long.Parse(retentionMs, CultureInfo.InvariantCulture)),
    };

    /// <summary>A time written into a JSON record by a script: a number, or a number as a string.</summary>
    private static DateTimeOffset Time(JsonElement value) => DateTimeOffset.FromUnixTimeMilliseconds(
        value.ValueKind == JsonValueKind.String ? long.Parse(value.GetString()!, CultureInfo.InvariantCulture) : (long)value.GetDouble());
}
