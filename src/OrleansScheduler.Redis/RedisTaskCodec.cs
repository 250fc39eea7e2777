using System.Globalization;
using OrleansScheduler.Tasks;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// Translates between the store's Redis encoding (documented in <see cref="RedisKeys"/>) and the
/// domain types: state letters, script result codes, and task hashes to <see cref="TaskRecord"/>.
/// Explicit tables rather than enum ordinals, so reordering an enum cannot corrupt stored data.
/// </summary>
internal static class RedisTaskCodec
{
    public static string Letter(TaskState state) => state switch
    {
        TaskState.Scheduled => "S",
        TaskState.Pending => "P",
        TaskState.Running => "R",
        TaskState.Succeeded => "D",
        TaskState.Failed => "F",
        TaskState.Canceled => "C",
        TaskState.Paused => "H",
        TaskState.Waiting => "W",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "No state letter for this state."),
    };

    public static TaskState State(string letter) => letter switch
    {
        "S" => TaskState.Scheduled,
        "P" => TaskState.Pending,
        "R" => TaskState.Running,
        "D" => TaskState.Succeeded,
        "F" => TaskState.Failed,
        "C" => TaskState.Canceled,
        "H" => TaskState.Paused,
        "W" => TaskState.Waiting,
        _ => throw new InvalidOperationException($"Unknown task state letter '{letter}' in Redis."),
    };

    /// <summary>The codes complete.lua, fail.lua, wait.lua and progress.lua return (4 only from the first three).</summary>
    public static OutcomeResult Outcome(long code) => code switch
    {
        0 => OutcomeResult.Accepted,
        1 => OutcomeResult.StaleToken,
        2 => OutcomeResult.NotRunning,
        3 => OutcomeResult.NotFound,
        4 => OutcomeResult.AlreadyRecorded,
        _ => throw new InvalidOperationException($"Unknown outcome code {code} from a Redis script."),
    };

    /// <summary>A millisecond count or timestamp as scripts expect it (integers print without a fraction).</summary>
    public static string Ms(double ms) => ms.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// <see cref="Ms"/> as a script argument without formatting a string for whole numbers (the common
    /// case): an integer argument goes on the wire as the same digits.
    /// </summary>
    public static RedisValue MsValue(double ms) =>
        ms == Math.Floor(ms) && Math.Abs(ms) < 1e15 ? (long)ms : Ms(ms); // from 1e15 on, "R" switches to exponent notation

    public static double ParseDouble(RedisValue value) => double.Parse((string)value!, NumberStyles.Float, CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(RedisValue value) => DateTimeOffset.FromUnixTimeMilliseconds((long)ParseDouble(value));

    /// <summary>A task as the scripts pack it in its chunk (<see cref="RedisTaskPacking"/>).</summary>
    public static TaskRecord FromPacked(string queue, string id, RedisResult packed) =>
        ToRecord(queue, id, RedisTaskPacking.Fields((byte[])packed!))!;

    /// <summary>The fields of the flat field/value array HGETALL returns inside a script.</summary>
    public static Dictionary<string, RedisValue> Fields(RedisResult[] flat)
    {
        var fields = new Dictionary<string, RedisValue>(flat.Length / 2, StringComparer.Ordinal);
        for (int i = 0; i + 1 < flat.Length; i += 2) fields[(string)flat[i]!] = (RedisValue)flat[i + 1];
        return fields;
    }

    /// <summary>A claimed task with what claim.lua's family value holds: '' none, else [depth, isJoin, joinState, childCount, node].</summary>
    public static ClaimedTask WithFamily(ClaimedTask task, string family)
    {
        if (family.Length == 0) return task;
        using var document = System.Text.Json.JsonDocument.Parse(family);
        var f = document.RootElement;
        string joinState = f[2].GetString()!, node = f[4].GetString()!;
        return task with
        {
            Depth = f[0].GetInt32(),
            IsJoin = f[1].GetInt32() == 1,
            JoinState = joinState.Length == 0 ? null : joinState,
            ChildCount = f[3].GetInt32(),
            Node = node.Length == 0 ? null : RedisNodeCodec.Decode(node),
        };
    }

    /// <summary>A task from its fields by short name (see <see cref="RedisKeys"/>); null when they hold no state (no such task).</summary>
    public static TaskRecord? ToRecord(string queue, string id, IReadOnlyDictionary<string, RedisValue> f)
    {
        if (!f.TryGetValue("s", out var state)) return null;
        RedisValue Get(string name) => f.TryGetValue(name, out var value) ? value : RedisValue.Null;
        DateTimeOffset? Time(string name) => Get(name) is { IsNull: false } value ? ParseTime(value) : null;

        return new TaskRecord
        {
            Id = id,
            Queue = queue,
            Type = (string)Get("t")!,
            Status = State((string)state!),
            Attempt = (int)Get("a"),
            MaxAttempts = (int)Get("m"),
            Priority = (int)Get("pr"),
            Payload = (string?)Get("p") ?? "null",
            Result = (string?)Get("r"),
            Error = (string?)Get("e"),
            Progress = Get("pg") is { IsNull: false } progress ? (int)progress : null,
            ProgressMessage = (string?)Get("pm"),
            Timeout = TimeSpan.FromMilliseconds(ParseDouble(Get("to"))),
            Backoff = TimeSpan.FromMilliseconds(ParseDouble(Get("bo"))),
            CreatedAt = ParseTime(Get("c")),
            RunAt = Time("ra"),
            StartedAt = Time("sa"),
            FinishedAt = Time("fa"),
            Silo = (string?)Get("si"),
            Failovers = (int)Get("fo"),
            Token = (long)Get("k"),
            ParentId = (string?)Get("pi"),
            ParentQueue = (string?)Get("pq"),
            ChildIndex = (int)Get("ci"),
            Depth = (int)Get("d"),
            ChildCount = (int)Get("cc"),
            ChildrenFinished = (int)Get("cf"),
            ChildrenFailed = (int)Get("cx"),
            FailurePolicy = (string?)Get("po") == "F" ? ChildFailurePolicy.FailFast : ChildFailurePolicy.Collect,
            IsJoin = !Get("j").IsNull,
            JoinState = (string?)Get("js"),
            Node = Get("n") is { IsNull: false } node ? RedisNodeCodec.Decode((string)node!) : null,
            Routing = Get("ro") is { IsNull: false } routing ? RedisRoutingCodec.Decode((string)routing!) : null,
            RoutedTo = (string?)Get("rt"),
            // rs stays after the task leaves its lane; it says when it entered the lane it waits in now
            RoutedSince = (string?)state == "P" ? Time("rs") : null,
            Target = Get("tg") is { IsNull: false } target ? RedisTargetCodec.Decode((string)target!) : null,
        };
    }
}
