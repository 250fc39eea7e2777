namespace OrleansScheduler.Storage;

/// <summary>
/// A silo's claim with what its routing filters need (DESIGN.md §7): its free slots (a task's cost counts
/// against them), its labels, and the load hints of its membership-and-load snapshot, so load-based
/// strategies decide at claim and never on stale load.
/// </summary>
/// <param name="Queue">The queue to claim from.</param>
/// <param name="SiloId">The claiming silo's address.</param>
/// <param name="Max">Most tasks to claim.</param>
public sealed record ClaimRequest(string Queue, string SiloId, int Max)
{
    /// <summary>Slots free on the silo now; the costs of the tasks claimed never exceed them. Null: <see cref="Max"/>.</summary>
    public int? FreeSlots { get; init; }

    /// <summary>The silo's labels: a task requiring labels is claimed only where every pair matches.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = EmptyLabels;

    /// <summary>Another silo serving the queue has clearly more free slots: least-loaded tasks are left to it for <see cref="DeferWindow"/>.</summary>
    public bool DeferLeastLoaded { get; init; }

    /// <summary>The free slots of the other Active silos serving the queue: a best-fit task is left for <see cref="DeferWindow"/> to one whose free slots fit it more tightly.</summary>
    public IReadOnlyList<int> OthersFree { get; init; } = [];

    /// <summary>How long a task that belongs on another silo by load is left to it, counted from when it became ready; after that any silo it fits takes it.</summary>
    public TimeSpan DeferWindow { get; init; } = DefaultDeferWindow;

    /// <summary>
    /// Names this claim so that it can be made again safely: a claim whose reply was lost (a dropped connection, a
    /// timeout) is retried with the same id, and the store, which remembers for <see cref="RequestMemory"/> which tasks
    /// (ids and tokens) a request id claimed, answers the retry with those of them still Running under their token on
    /// this silo, and claims nothing new. Null (the default): every call claims anew.
    /// </summary>
    public string? RequestId { get; init; }

    /// <summary>How long a store remembers what a <see cref="RequestId"/> claimed: 1 minute, far longer than a worker retries one claim.</summary>
    public static readonly TimeSpan RequestMemory = TimeSpan.FromMinutes(1);

    /// <summary>A new <see cref="RequestId"/>, unique to one claim.</summary>
    public static string NewRequestId() => Guid.NewGuid().ToString("N");

    /// <summary>The default <see cref="DeferWindow"/>: 250 ms.</summary>
    public static readonly TimeSpan DefaultDeferWindow = TimeSpan.FromMilliseconds(250);

    private static readonly IReadOnlyDictionary<string, string> EmptyLabels = new Dictionary<string, string>();

    /// <summary>The slots the claim may fill.</summary>
    public int Slots => FreeSlots ?? Max;
}
