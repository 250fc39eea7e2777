using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansScheduler.Tasks;

/// <summary>
/// How a task finds the silo that runs it (DESIGN.md §7). <see cref="Shared"/>, the default, lets any idle
/// silo serving the queue take it. <see cref="ConsistentHash"/>, <see cref="RoundRobin"/>,
/// <see cref="Random"/>, <see cref="Pinned"/>, <see cref="Broadcast"/> and <see cref="Sharding"/> name a silo
/// at submit; <see cref="LeastLoaded"/>, <see cref="FirstFit"/> and <see cref="BestFit"/> are filters a silo
/// applies when it claims, so they never act on stale load. Written in JSON in camelCase
/// (<c>"consistentHash"</c>).
/// </summary>
[JsonConverter(typeof(RoutingStrategyJsonConverter))]
public enum RoutingStrategy
{
    /// <summary>Idle silos take the next task (shared pull): a free silo wins.</summary>
    Shared,

    /// <summary>Every task with the same <see cref="TaskRouting.Key"/> runs on the same silo while it is Active (rendezvous hashing).</summary>
    ConsistentHash,

    /// <summary>Successive tasks of the queue go to the Active silos serving it in turn.</summary>
    RoundRobin,

    /// <summary>A uniformly random Active silo serving the queue.</summary>
    Random,

    /// <summary>The silo <see cref="TaskRouting.Silo"/> names (address or name) only; the task waits while it is not Active.</summary>
    Pinned,

    /// <summary>One copy per Active silo serving the queue, as children of one parent.</summary>
    Broadcast,

    /// <summary><see cref="TaskRouting.Shards"/> tasks, each with its shard index, spread over the silos, as children of one parent.</summary>
    Sharding,

    /// <summary>Among silos with free slots, the one with the most.</summary>
    LeastLoaded,

    /// <summary>The first silo with <see cref="TaskRouting.Cost"/> free slots.</summary>
    FirstFit,

    /// <summary>The silo whose free slots exceed <see cref="TaskRouting.Cost"/> by the least.</summary>
    BestFit,
}

/// <summary>Writes <see cref="RoutingStrategy"/> in camelCase, as the API documents it; reads any case.</summary>
public sealed class RoutingStrategyJsonConverter() : JsonStringEnumConverter<RoutingStrategy>(JsonNamingPolicy.CamelCase, allowIntegerValues: false);
