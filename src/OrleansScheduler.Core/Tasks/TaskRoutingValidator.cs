using System.Text.RegularExpressions;

namespace OrleansScheduler.Tasks;

/// <summary>Checks a <see cref="TaskRouting"/>: each strategy's fields, and only its own. Pure: no I/O.</summary>
public static partial class TaskRoutingValidator
{
    /// <summary>Most slots one task may take.</summary>
    public const int MaxCost = 10_000;
    /// <summary>Most shards one sharded task may have.</summary>
    public const int MaxShards = 1_000;
    /// <summary>Most labels a task may require.</summary>
    public const int MaxLabels = 32;
    /// <summary>Longest consistent-hash key, concurrency key, silo name or label value, in characters.</summary>
    public const int MaxTextLength = 256;
    /// <summary>Shortest and longest <see cref="TaskRouting.ReassignAfterMs"/>.</summary>
    public const int MinReassignAfterMs = 100, MaxReassignAfterMs = 86_400_000;
    /// <summary>A label key: what <c>Scheduler:Labels:&lt;key&gt;</c> may name.</summary>
    public const string LabelKeyPattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";

    /// <summary>Every problem with <paramref name="routing"/>; empty when it may be stored.</summary>
    /// <param name="routing">The routing.</param>
    /// <param name="prefix">Prepended to field names, e.g. <c>tasks[2].routing.</c>.</param>
    public static IReadOnlyList<ValidationError> Validate(TaskRouting routing, string prefix = "routing.")
    {
        var errors = new List<ValidationError>();
        void Add(string field, string message) => errors.Add(new ValidationError(prefix + field, message));
        string name = StrategyName(routing.Strategy);

        if (!Enum.IsDefined(routing.Strategy)) Add("strategy", $"{prefix}strategy {(int)routing.Strategy} is unknown.");
        if (routing.Strategy == RoutingStrategy.ConsistentHash)
        {
            if (string.IsNullOrEmpty(routing.Key)) Add("key", $"{prefix}key is required with consistentHash.");
        }
        else if (routing.Key is not null) Add("key", $"{prefix}key applies to consistentHash only, not {name}.");
        if (routing.Key is { Length: > MaxTextLength }) Add("key", $"{prefix}key is {routing.Key.Length} characters; the limit is {MaxTextLength}.");

        if (routing.Strategy == RoutingStrategy.Pinned)
        {
            if (string.IsNullOrEmpty(routing.Silo)) Add("silo", $"{prefix}silo (an address or a name) is required with pinned.");
        }
        else if (routing.Silo is not null && routing.Strategy != RoutingStrategy.Broadcast) Add("silo", $"{prefix}silo applies to pinned only, not {name}.");
        if (routing.Silo is { Length: > MaxTextLength }) Add("silo", $"{prefix}silo is {routing.Silo.Length} characters; the limit is {MaxTextLength}.");

        if (routing.Strategy == RoutingStrategy.Sharding)
        {
            if (routing.Shards is not { } shards) Add("shards", $"{prefix}shards is required with sharding.");
            else if (shards is < 1 or > MaxShards) Add("shards", $"{prefix}shards must be between 1 and {MaxShards}, not {shards}.");
            else if (routing.ShardIndex is { } index && (index < 0 || index >= shards))
                Add("shardIndex", $"{prefix}shardIndex must be between 0 and {shards - 1}, not {index}.");
        }
        else
        {
            if (routing.Shards is not null) Add("shards", $"{prefix}shards applies to sharding only, not {name}.");
            if (routing.ShardIndex is not null) Add("shardIndex", $"{prefix}shardIndex applies to sharding only, not {name}.");
        }

        if (routing.Cost is < 1 or > MaxCost) Add("cost", $"{prefix}cost must be between 1 and {MaxCost} slots, not {routing.Cost}.");
        if (routing.Labels is { } labels)
        {
            if (labels.Count > MaxLabels) Add("labels", $"{prefix}labels has {labels.Count} pairs; the limit is {MaxLabels}.");
            foreach (var (key, value) in labels)
            {
                if (!LabelKeyRegex().IsMatch(key)) Add("labels", $"{prefix}labels key '{key}' must match {LabelKeyPattern}.");
                else if (value is null || value.Length > MaxTextLength) Add("labels", $"{prefix}labels.{key} must be text of at most {MaxTextLength} characters.");
            }
        }
        if (routing.ReassignAfterMs is { } after)
        {
            if (!routing.NamesSilo || routing.Strategy is RoutingStrategy.Pinned or RoutingStrategy.Broadcast)
                Add("reassignAfterMs", $"{prefix}reassignAfterMs applies to consistentHash, roundRobin, random and sharding, not {name}.");
            else if (after is < MinReassignAfterMs or > MaxReassignAfterMs)
                Add("reassignAfterMs", $"{prefix}reassignAfterMs must be between {MinReassignAfterMs} and {MaxReassignAfterMs}, not {after}.");
        }
        if (routing.ConcurrencyKey is { } ck && (ck.Length == 0 || ck.Length > MaxTextLength))
            Add("concurrencyKey", $"{prefix}concurrencyKey must be 1 to {MaxTextLength} characters.");
        if (routing.MaxConcurrent is { } max)
        {
            if (routing.ConcurrencyKey is null) Add("maxConcurrent", $"{prefix}maxConcurrent needs a concurrencyKey.");
            else if (max is < 1 or > MaxCost) Add("maxConcurrent", $"{prefix}maxConcurrent must be between 1 and {MaxCost}, not {max}.");
        }
        return errors;
    }

    /// <summary>The strategy's name as the API writes it (<c>consistentHash</c>).</summary>
    public static string StrategyName(RoutingStrategy strategy)
    {
        string text = strategy.ToString();
        return text.Length == 0 ? text : char.ToLowerInvariant(text[0]) + text[1..];
    }

    [GeneratedRegex(LabelKeyPattern)]
    private static partial Regex LabelKeyRegex();
}
