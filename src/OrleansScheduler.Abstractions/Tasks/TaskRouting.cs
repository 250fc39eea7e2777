using System.Text.Json.Serialization;

namespace OrleansScheduler.Tasks;

/// <summary>
/// Where and how a task may run (DESIGN.md §7): its <see cref="Strategy"/> with that strategy's fields, the
/// slots it takes (<see cref="Cost"/>), the labels a silo must carry, and a cluster-wide concurrency limit
/// per key. The same object on a task, a batch's tasks, a schedule's template and a queue's defaults.
/// </summary>
[GenerateSerializer, Alias("OrleansScheduler.TaskRouting")]
public sealed record TaskRouting
{
    /// <summary>The strategy; <see cref="RoutingStrategy.Shared"/> by default.</summary>
    /// <remarks>
    /// The converter is named on the property, not only on the enum: a converter in the options' list (the API's
    /// and <c>ApiJson.Options</c>' plain <see cref="JsonStringEnumConverter"/>) wins over one on the type, and would
    /// write <c>"ConsistentHash"</c>.
    /// </remarks>
    [Id(0), JsonConverter(typeof(RoutingStrategyJsonConverter))] public RoutingStrategy Strategy { get; init; }

    /// <summary>The consistent-hash key (<see cref="RoutingStrategy.ConsistentHash"/> only, required there).</summary>
    [Id(1)] public string? Key { get; init; }

    /// <summary>
    /// The silo, by address (<c>SiloAddress.ToParsableString()</c>) or name (<see cref="RoutingStrategy.Pinned"/>,
    /// required there; also set on each child of a <see cref="RoutingStrategy.Broadcast"/>).
    /// </summary>
    [Id(2)] public string? Silo { get; init; }

    /// <summary>How many shards (<see cref="RoutingStrategy.Sharding"/> only, required there).</summary>
    [Id(3)] public int? Shards { get; init; }

    /// <summary>This shard's index, 0 to <see cref="Shards"/> − 1: set on each child of a sharded task, never by a client.</summary>
    [Id(4)] public int? ShardIndex { get; init; }

    /// <summary>The slots the task takes on its silo while it runs (1 by default); a silo never starts it with fewer free.</summary>
    [Id(5)] public int Cost { get; init; } = 1;

    /// <summary>Labels a silo must carry, every pair (<c>Scheduler:Labels:&lt;key&gt;</c>); none by default.</summary>
    [Id(6)] public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>
    /// With a strategy that names a silo: when the task has waited this long for that silo (it stays full),
    /// it is routed again by the same strategy over the other silos. Null: it waits for its silo.
    /// </summary>
    [Id(7)] public int? ReassignAfterMs { get; init; }

    /// <summary>Tasks sharing this key run at most <see cref="MaxConcurrent"/> at once anywhere in the cluster.</summary>
    [Id(8)] public string? ConcurrencyKey { get; init; }

    /// <summary>How many tasks of <see cref="ConcurrencyKey"/> may run at once (1 by default with a key: one at a time, in priority-then-submit order).</summary>
    [Id(9)] public int? MaxConcurrent { get; init; }

    /// <summary>The default: shared pull, cost 1, no labels, no key.</summary>
    public static TaskRouting Default { get; } = new();

    /// <summary>
    /// What <see cref="TaskSubmission.RoutedTo"/> holds for a task that must wait for a silo: none qualifies now
    /// (its pinned silo is not Active, or no Active silo serves the queue).
    /// </summary>
    public const string NoSilo = "-";

    /// <summary>Whether a silo decides at claim whether the task fits it (a cost, labels, a key, or a load strategy).</summary>
    [JsonIgnore] public bool FiltersAtClaim =>
        Cost > 1 || Labels is { Count: > 0 } || ConcurrencyKey is not null ||
        Strategy is RoutingStrategy.LeastLoaded or RoutingStrategy.FirstFit or RoutingStrategy.BestFit;

    /// <summary>Whether the strategy names one silo at submit.</summary>
    [JsonIgnore] public bool NamesSilo => Strategy is RoutingStrategy.ConsistentHash or RoutingStrategy.RoundRobin or RoutingStrategy.Random
        or RoutingStrategy.Pinned or RoutingStrategy.Broadcast or RoutingStrategy.Sharding;

    /// <summary>How many may run at once under <see cref="ConcurrencyKey"/> (1 when a key has no limit given).</summary>
    [JsonIgnore] public int KeyLimit => MaxConcurrent ?? 1;
}
