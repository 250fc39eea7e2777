using System.Text.RegularExpressions;

namespace OrleansScheduler.Tasks;

/// <summary>
/// The documented defaults and bounds of a task spec. docs/configuration.md quotes these numbers and a test
/// pins them, so code and documentation cannot drift.
/// </summary>
public static partial class TaskLimits
{
    /// <summary>The queue used when a submission names none.</summary>
    public const string DefaultQueue = "default";

    /// <summary>Default attempts before a task ends Failed.</summary>
    public const int DefaultMaxAttempts = 3;

    /// <summary>Upper bound on <see cref="TaskSubmission.MaxAttempts"/>.</summary>
    public const int MaxAttempts = 100;

    /// <summary>Bounds of <see cref="TaskSubmission.Priority"/>. They keep the ready-set score exact in a double.</summary>
    public const int MinPriority = -1000, MaxPriority = 1000;

    /// <summary>Default per-attempt timeout.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Longest per-attempt timeout.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(24);

    /// <summary>Default delay before the first retry.</summary>
    public static readonly TimeSpan DefaultBackoff = TimeSpan.FromSeconds(1);

    /// <summary>Retry delays grow exponentially up to this cap.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    /// <summary>How far ahead a task may be scheduled.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(366);

    /// <summary>Default payload size limit in bytes (UTF-8): 256 KiB.</summary>
    public const int DefaultMaxPayloadBytes = 256 * 1024;

    /// <summary>Longest <see cref="TaskTarget.Key"/>.</summary>
    public const int MaxTargetKeyLength = 256;

    /// <summary>Most tasks in one batch submission.</summary>
    public const int MaxBatchSize = 1000;

    /// <summary>How long a store remembers an idempotency key after the submission that used it.</summary>
    public static readonly TimeSpan DefaultIdempotencyWindow = TimeSpan.FromHours(24);

    /// <summary>Bounds of <see cref="TaskSubmission.IdempotencyWindow"/>.</summary>
    public static readonly TimeSpan MinIdempotencyWindow = TimeSpan.FromSeconds(1), MaxIdempotencyWindow = TimeSpan.FromDays(30);

    /// <summary>How long finished tasks are kept when their queue sets no retention (<see cref="Storage.QueueLimits.Retention"/>).</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromHours(24);

    /// <summary>Longest retention a queue may set.</summary>
    public static readonly TimeSpan MaxRetention = TimeSpan.FromDays(365);

    /// <summary>Upper bound on <see cref="Storage.QueueLimits.MaxConcurrency"/>.</summary>
    public const int MaxQueueConcurrency = 1_000_000;

    /// <summary>Bounds of <see cref="Storage.QueueLimits.RatePerSecond"/>.</summary>
    public const double MinQueueRate = 0.001, MaxQueueRate = 1_000_000;

    /// <summary>Idempotency keys: 1–128 printable ASCII characters without spaces.</summary>
    public const string IdempotencyKeyPattern = "^[!-~]{1,128}$";

    /// <summary>True when <paramref name="key"/> is a valid idempotency key.</summary>
    public static bool IsValidIdempotencyKey(string? key) => key is not null && WholeMatch(IdempotencyKeyRegex(), key);

    /// <summary>
    /// True when <paramref name="pattern"/>, written <c>^…$</c> as the messages and the OpenAPI document
    /// show it, matches all of <paramref name="value"/>. .NET's <c>$</c> also matches just before a final
    /// '\n', which would let "default\n" pass; no valid name ends in one.
    /// </summary>
    public static bool WholeMatch(Regex pattern, string value)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(value);
        return !value.EndsWith('\n') && pattern.IsMatch(value);
    }

    [GeneratedRegex(IdempotencyKeyPattern)]
    private static partial Regex IdempotencyKeyRegex();

    /// <summary>Queue names: 1–64 of letters, digits, '.', '_' and '-', starting with a letter or digit.</summary>
    public const string QueuePattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";

    /// <summary>Task types: 1–128 of letters, digits, '.', '_', ':' and '-', starting with a letter or digit.</summary>
    public const string TypePattern = "^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$";

    /// <summary>Client-chosen task ids: 1–64 of letters, digits, '.', '_' and '-', starting with a letter or digit.</summary>
    public const string IdPattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";

    // A batch repeats the same queue and type string task after task, and every claim and outcome
    // checks its queue again. Strings are immutable, so the last instance found valid (per thread)
    // is valid again without running the regex.
    [ThreadStatic] private static string? _lastValidQueue;
    [ThreadStatic] private static string? _lastValidType;

    /// <summary>True when <paramref name="queue"/> is a valid queue name.</summary>
    public static bool IsValidQueue(string? queue) => IsValid(queue, QueueRegex(), ref _lastValidQueue);

    /// <summary>True when <paramref name="type"/> is a valid task type.</summary>
    public static bool IsValidType(string? type) => IsValid(type, TypeRegex(), ref _lastValidType);

    private static bool IsValid(string? value, Regex pattern, ref string? lastValid)
    {
        if (value is null) return false;
        if (ReferenceEquals(value, lastValid)) return true;
        if (!WholeMatch(pattern, value)) return false;
        lastValid = value;
        return true;
    }

    /// <summary>True when <paramref name="id"/> is a valid task id.</summary>
    public static bool IsValidId(string? id) => id is not null && WholeMatch(IdRegex(), id);

    /// <summary>
    /// The ids the store gives children: their parent's id, a '.' and their position, nested as deep as the
    /// family (so longer than a client may choose).
    /// </summary>
    public const string ChildIdPattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}(\\.[0-9]{1,9}){1,32}$";

    /// <summary>True when <paramref name="id"/> is a valid id for a task a client chose or the store made for a child.</summary>
    public static bool IsValidTaskId(string? id) => IsValidId(id) || (id is not null && WholeMatch(ChildIdRegex(), id));

    [GeneratedRegex(ChildIdPattern)]
    private static partial Regex ChildIdRegex();

    [GeneratedRegex(QueuePattern)]
    private static partial Regex QueueRegex();

    [GeneratedRegex(TypePattern)]
    private static partial Regex TypeRegex();

    [GeneratedRegex(IdPattern)]
    private static partial Regex IdRegex();
}
