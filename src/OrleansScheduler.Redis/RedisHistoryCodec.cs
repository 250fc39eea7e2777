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
    /// <summary>
    /// The events of an events.lua or task_events.lua reply, <c>{cutoff, entryId, b, …}</c>: each entry
    /// <c>&lt;ms&gt;-&lt;n&gt;</c> holds the events numbered n, n + 1, … (ids <c>&lt;ms&gt;-&lt;number&gt;</c>),
    /// packed as <c>_history.lua</c> describes. Leaves out events numbered at or below cutoff (no longer
    /// kept), at or before <paramref name="after"/>, and of other tasks than <paramref name="taskId"/>;
    /// returns at most <paramref name="max"/>.
    /// </summary>
    public static List<TaskEvent> Events(string queue, RedisResult reply, RedisEventId? after = null, string? taskId = null, int max = int.MaxValue)
    {
        var values = (RedisResult[])reply!;
        var events = new List<TaskEvent>();
        if (values.Length == 0) return events;
        long cutoff = (long)values[0];
        for (int i = 1; i + 1 < values.Length && events.Count < max; i += 2)
        {
            var entry = RedisEventId.Parse((string)values[i]!);
            string[] packed = ((string)values[i + 1]!).Split('\u001e');
            for (int k = 0; k < packed.Length && events.Count < max; k++)
            {
                var id = entry with { Seq = entry.Seq + (ulong)k };
                if ((long)id.Seq <= cutoff || (after is { } a && id.CompareTo(a) <= 0)) continue;
                var f = packed[k].Split('\u001f');
                if (taskId is not null && f[0] != taskId) continue;
                events.Add(new TaskEvent
                {
                    Id = id.ToString(),
                    TaskId = f[0],
                    Queue = queue,
                    Type = f[1],
                    From = f[2].Length == 0 ? null : RedisTaskCodec.State(f[2]),
                    To = f[3].Length == 0 ? null : RedisTaskCodec.State(f[3]),
                    Silo = f[4].Length == 0 ? null : Unescape(f[4]),
                    Attempt = int.Parse(f[5], CultureInfo.InvariantCulture),
                    Time = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(f[6], CultureInfo.InvariantCulture)),
                    Error = f[7].Length == 0 ? null : Unescape(f[7]),
                    // a ninth field came with families; older entries have none
                    Progress = f.Length > 8 && f[8].Length > 0 ? int.Parse(f[8], CultureInfo.InvariantCulture) : null,
                });
            }
        }
        return events;
    }

    /// <summary>Undoes _history.lua's escape of free text in a packed event: <c>\\</c>, <c>\1</c> (\x1e), <c>\2</c> (\x1f).</summary>
    private static string Unescape(string text)
    {
        if (!text.Contains('\\')) return text;
        var builder = new System.Text.StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 == text.Length) { builder.Append(text[i]); continue; }
            char next = text[++i];
            builder.Append(next switch { '1' => '\u001e', '2' => '\u001f', _ => next });
        }
        return builder.ToString();
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

    /// <summary>
    /// The last ended attempt a task's fields still hold (<c>ao</c>: outcome letter and number, <c>ae</c>:
    /// ended at, with <c>si</c>, <c>sa</c> and, for failed and timed out, <c>e</c>); null when it holds none.
    /// </summary>
    public static TaskAttempt? LastEndedAttempt(IReadOnlyDictionary<string, RedisValue> fields)
    {
        string? Get(string name) => fields.TryGetValue(name, out var value) ? (string?)value : null;
        string? ended = Get("ao"), endedAt = Get("ae"), silo = Get("si"), startedAt = Get("sa"), error = Get("e");
        if (string.IsNullOrEmpty(ended) || endedAt is null) return null;
        string outcome = AttemptOutcome(ended[0]);
        bool failed = outcome is TaskAttemptOutcomes.Failed or TaskAttemptOutcomes.TimedOut;
        var finishedAt = RedisTaskCodec.ParseTime(endedAt);
        return new TaskAttempt
        {
            Number = int.Parse(ended.AsSpan(1), CultureInfo.InvariantCulture),
            Silo = silo ?? "",
            StartedAt = startedAt is null ? finishedAt : RedisTaskCodec.ParseTime(startedAt),
            FinishedAt = finishedAt,
            Outcome = outcome,
            Error = failed && !string.IsNullOrEmpty(error) ? error : null,
        };
    }

    private static string AttemptOutcome(char letter) => letter switch
    {
        's' => TaskAttemptOutcomes.Succeeded,
        'f' => TaskAttemptOutcomes.Failed,
        't' => TaskAttemptOutcomes.TimedOut,
        'c' => TaskAttemptOutcomes.Canceled,
        'o' => TaskAttemptOutcomes.FailedOver,
        'r' => TaskAttemptOutcomes.Released,
        'w' => TaskAttemptOutcomes.Waiting,
        _ => throw new FormatException($"Unknown attempt outcome letter '{letter}'."),
    };

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
