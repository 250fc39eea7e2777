using System.Text.Json;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Http;

/// <summary>
/// Reads a <c>routing</c> object wherever the API takes one (a task, a batch's task, a family's join and
/// children, a schedule's task template, a workflow's task, a queue's defaults) into a <see cref="TaskRouting"/>.
/// Like <see cref="TaskRequestParser"/> it checks the shape only (an object, known fields once each, the right
/// JSON types, a strategy by its camelCase name) and leaves the rules on values to
/// <see cref="TaskRoutingValidator"/>, which the submission's validator runs with the same field names.
/// </summary>
internal static class RoutingRequestParser
{
    /// <summary>The fields of a routing object; anything else is refused by name.</summary>
    public static readonly IReadOnlyList<string> Fields =
        ["strategy", "key", "silo", "shards", "cost", "labels", "reassignAfterMs", "concurrencyKey", "maxConcurrent"];

    /// <summary>The strategies as the API writes them (<c>consistentHash</c>), in the enum's order.</summary>
    public static readonly IReadOnlyList<string> StrategyNames = [.. Enum.GetValues<RoutingStrategy>().Select(TaskRoutingValidator.StrategyName)];

    /// <summary>
    /// The routing at <paramref name="path"/> (<c>routing</c>, <c>tasks[2].routing</c>, …; "" for a request body that
    /// is one); null for JSON null (no routing), and when it is no object or names no known strategy, so the value
    /// rules do not pile more messages on a routing that is not one. Shape problems go to <paramref name="errors"/>
    /// under <c>&lt;path&gt;.&lt;field&gt;</c>; fields that had one keep their defaults.
    /// </summary>
    public static TaskRouting? Parse(JsonElement element, string path, List<ValidationError> errors)
    {
        if (element.ValueKind == JsonValueKind.Null && path.Length > 0) return null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError(path.Length == 0 ? "body" : path,
                $"{(path.Length == 0 ? "The request body" : path)} must be a routing object such as {{\"strategy\":\"consistentHash\",\"key\":\"customer-42\"}}, not {TaskRequestParser.Describe(element)}."));
            return null;
        }
        string prefix = path.Length == 0 ? "" : path + ".";
        var fields = new TaskRequestParser.FieldReader(prefix, errors);
        var routing = new TaskRouting();
        bool strategyKnown = true;
        foreach (var property in JsonProperties.Unique(element, prefix, errors))
        {
            string field = prefix + Text.Clip(property.Name);
            var value = property.Value;
            switch (property.Name)
            {
                case "strategy":
                    var strategy = Strategy(value, prefix + "strategy", errors);
                    strategyKnown = strategy is not null || value.ValueKind == JsonValueKind.Null;
                    routing = routing with { Strategy = strategy ?? RoutingStrategy.Shared };
                    break;
                case "key": routing = routing with { Key = fields.String("key", value) }; break;
                case "silo": routing = routing with { Silo = fields.String("silo", value) }; break;
                case "concurrencyKey": routing = routing with { ConcurrencyKey = fields.String("concurrencyKey", value) }; break;
                case "shards": routing = routing with { Shards = Int(fields.WholeNumber("shards", value)) }; break;
                case "cost": routing = routing with { Cost = Int(fields.WholeNumber("cost", value)) ?? 1 }; break;
                case "reassignAfterMs": routing = routing with { ReassignAfterMs = Int(fields.WholeNumber("reassignAfterMs", value)) }; break;
                case "maxConcurrent": routing = routing with { MaxConcurrent = Int(fields.WholeNumber("maxConcurrent", value)) }; break;
                case "labels": routing = routing with { Labels = Labels(value, prefix + "labels", errors) }; break;
                // Null is what answers show for a task that is no shard, so a routing read back can be sent again.
                case "shardIndex" when value.ValueKind == JsonValueKind.Null: break;
                case "shardIndex":
                    errors.Add(new ValidationError(field, "shardIndex is set by the scheduler on each shard of a sharded task; a client cannot choose it (give shards instead)."));
                    break;
                default: errors.Add(new ValidationError(field, TaskRequestParser.UnknownField(property.Name, Fields))); break;
            }
        }
        return strategyKnown ? routing : null;
    }

    /// <summary>A strategy by its exact camelCase name; null (with an error naming the allowed ones) otherwise, and for JSON null (the default).</summary>
    private static RoutingStrategy? Strategy(JsonElement value, string field, List<ValidationError> errors)
    {
        if (value.ValueKind == JsonValueKind.Null) return null;
        string allowed = string.Join(", ", StrategyNames.Select(n => $"\"{n}\""));
        if (value.ValueKind == JsonValueKind.String)
        {
            string text = value.GetString()!;
            for (int i = 0; i < StrategyNames.Count; i++)
            {
                if (StrategyNames[i] == text) return Enum.GetValues<RoutingStrategy>()[i];
            }
            string? meant = StrategyNames.FirstOrDefault(n => n.Equals(text, StringComparison.OrdinalIgnoreCase));
            errors.Add(new ValidationError(field, meant is not null
                ? $"strategy \"{Text.Clip(text)}\" is unknown; strategy names are case-sensitive: did you mean \"{meant}\"?"
                : $"strategy \"{Text.Clip(text)}\" is unknown; the strategies are {allowed}."));
            return null;
        }
        errors.Add(new ValidationError(field, $"strategy must be a string, one of {allowed}, not {TaskRequestParser.Describe(value)}."));
        return null;
    }

    /// <summary>An object of strings; a value of another type is named as <c>labels.&lt;key&gt;</c> and left out.</summary>
    private static Dictionary<string, string>? Labels(JsonElement value, string field, List<ValidationError> errors)
    {
        if (value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError(field, $"labels must be an object of strings such as {{\"zone\":\"eu-1\"}}, not {TaskRequestParser.Describe(value)}."));
            return null;
        }
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in value.EnumerateObject())
        {
            string name = Text.Clip(pair.Name);
            if (pair.Value.ValueKind != JsonValueKind.String)
                errors.Add(new ValidationError($"{field}.{name}", $"labels.{name} must be a string, not {TaskRequestParser.Describe(pair.Value)}."));
            else if (!labels.TryAdd(pair.Name, pair.Value.GetString()!))
                errors.Add(new ValidationError($"{field}.{name}", $"label {name} appears more than once."));
        }
        return labels;
    }

    // Out-of-range values saturate past int's bounds, so the validator reports the bound.
    private static int? Int(long? value) => value is { } v ? TaskRequestParser.ToInt(v) : null;
}
