using System.Text.Json;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Http;

/// <summary>
/// Reads the body of <c>PUT /api/queues/{name}/limits</c>: an object with
/// <c>maxConcurrency</c>, <c>ratePerSecond</c> and <c>retentionSeconds</c>, each optional (absent or
/// null: no limit, default retention). It checks the shape (known fields once each, JSON numbers,
/// whole ones where whole is meant) and leaves the ranges to <see cref="QueueLimits.Validate"/>.
/// </summary>
internal static class QueueLimitsParser
{
    /// <summary>The fields of the body; anything else is refused by name.</summary>
    public static readonly IReadOnlyList<string> Fields = ["maxConcurrency", "ratePerSecond", "retentionSeconds"];

    /// <summary>The largest body read: three numbers need far less.</summary>
    public const int MaxBodyBytes = 4 * 1024;

    /// <summary>The limits, or every problem with the body.</summary>
    public static (QueueLimits? Limits, IReadOnlyList<ValidationError> Errors) Parse(JsonElement root)
    {
        var errors = new List<ValidationError>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError("body", $"The request body must be a JSON object such as {{\"maxConcurrency\":4}}, not {TaskRequestParser.Describe(root)}."));
            return (null, errors);
        }
        var fields = new TaskRequestParser.FieldReader("", errors);
        long? maxConcurrency = null, retentionSeconds = null;
        double? ratePerSecond = null;
        foreach (var property in JsonProperties.Unique(root, "", errors))
        {
            switch (property.Name)
            {
                case "maxConcurrency": maxConcurrency = fields.WholeNumber("maxConcurrency", property.Value); break;
                case "ratePerSecond": ratePerSecond = Number("ratePerSecond", property.Value, errors); break;
                case "retentionSeconds": retentionSeconds = fields.WholeNumber("retentionSeconds", property.Value); break;
                default: errors.Add(new ValidationError(Text.Clip(property.Name), TaskRequestParser.UnknownField(property.Name, Fields))); break;
            }
        }

        var limits = new QueueLimits
        {
            // Out-of-range values saturate just past the bounds, so the validator reports the bound.
            MaxConcurrency = maxConcurrency is { } n ? (int)Math.Clamp(n, 0, TaskLimits.MaxQueueConcurrency + 1L) : null,
            RatePerSecond = ratePerSecond,
            Retention = retentionSeconds is { } s ? TimeSpan.FromSeconds(Math.Clamp(s, 0, (long)TaskLimits.MaxRetention.TotalSeconds + 1)) : null,
        };
        var invalidFields = errors.Select(e => e.Field).ToHashSet(StringComparer.Ordinal);
        errors.AddRange(limits.Validate().Where(e => !invalidFields.Contains(e.Field)));
        return (errors.Count == 0 ? limits : null, errors);
    }

    /// <summary>A JSON number (any, whole or not), or null for absent or JSON null; anything else is an error naming the field.</summary>
    private static double? Number(string name, JsonElement value, List<ValidationError> errors)
    {
        if (value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.Number)
        {
            // 1e999 does not fit a double: take it as infinitely large, so the validator reports the range.
            if (value.TryGetDouble(out double number) && double.IsFinite(number)) return number;
            return value.GetRawText().StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;
        }
        errors.Add(new ValidationError(name, $"{name} must be a number, not {TaskRequestParser.Describe(value)}."));
        return null;
    }
}
