using System.Text.Json;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Http;

/// <summary>
/// Turns the body of <c>POST /api/schedules</c> and <c>PUT /api/schedules/{name}</c> into a
/// <see cref="ScheduleDefinition"/>. Like <see cref="TaskRequestParser"/> (whose field reader it
/// uses) it checks the shape (known fields once each, JSON types, whole numbers) and leaves the
/// rules on values to <see cref="ScheduleValidator"/>, so each rule lives in one place.
/// </summary>
internal static class ScheduleRequestParser
{
    /// <summary>The fields of a schedule object; anything else is refused by name.</summary>
    public static readonly IReadOnlyList<string> Fields = ["name", "cron", "timeZone", "task", "enabled", "overlap", "catchUp"];

    /// <summary>The fields of its task template.</summary>
    public static readonly IReadOnlyList<string> TaskFields = TaskTemplateFields.Names;

    /// <summary>
    /// The definition, or every problem with the body. <paramref name="routeName"/> is the name in the
    /// path of a PUT, which a name in the body must equal; null for a POST, whose body must name it.
    /// </summary>
    public static (ScheduleDefinition? Schedule, IReadOnlyList<ValidationError> Errors, bool PayloadTooLarge) Parse(
        JsonElement root, string? routeName, DateTimeOffset now, int maxPayloadBytes)
    {
        var errors = new List<ValidationError>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError("body", $"The request body must be a JSON schedule object, not {TaskRequestParser.Describe(root)}."));
            return (null, errors, false);
        }
        var fields = new TaskRequestParser.FieldReader("", errors);
        string? name = null, cron = null, timeZone = null;
        bool? enabled = null;
        OverlapPolicy? overlap = null;
        CatchUpPolicy? catchUp = null;
        JsonElement? task = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                errors.Add(new ValidationError(Text.Clip(property.Name), $"{Text.Clip(property.Name)} appears more than once."));
                continue;
            }
            var value = property.Value;
            switch (property.Name)
            {
                case "name": name = fields.String("name", value); break;
                case "cron": cron = fields.String("cron", value); break;
                case "timeZone": timeZone = fields.String("timeZone", value); break;
                case "enabled": enabled = Boolean("enabled", value, errors); break;
                case "overlap": overlap = Choice("overlap", value, errors, ("allow", OverlapPolicy.Allow), ("skip", OverlapPolicy.Skip)); break;
                case "catchUp": catchUp = Choice("catchUp", value, errors, ("none", CatchUpPolicy.None), ("once", CatchUpPolicy.Once)); break;
                case "task": task = value; break;
                default: errors.Add(new ValidationError(Text.Clip(property.Name), TaskRequestParser.UnknownField(property.Name, Fields))); break;
            }
        }

        if (routeName is not null && name is not null && name != routeName)
            errors.Add(new ValidationError("name", $"name '{Text.Clip(name)}' in the body differs from '{Text.Clip(routeName)}' in the path; leave it out or make them equal."));
        if (cron is null && !seen.Contains("cron")) errors.Add(new ValidationError("cron", "cron is required, e.g. \"0 9 * * MON-FRI\" or \"*/10 * * * * *\"."));
        var template = ParseTask(task, errors, maxPayloadBytes, out bool tooLarge);

        var schedule = new ScheduleDefinition
        {
            Name = routeName ?? name ?? "",
            Cron = cron ?? "",
            TimeZone = timeZone ?? ScheduleLimits.DefaultTimeZone,
            Task = template ?? new ScheduleTaskTemplate { Type = "" },
            Enabled = enabled ?? true,
            Overlap = overlap ?? OverlapPolicy.Allow,
            CatchUp = catchUp ?? CatchUpPolicy.None,
        };
        var invalid = errors.Select(e => e.Field).ToHashSet(StringComparer.Ordinal);
        // Without a usable task object every template rule would only repeat that it is missing.
        foreach (var error in ScheduleValidator.Validate(schedule, now, maxPayloadBytes))
        {
            if (!invalid.Contains(error.Field) && (template is not null || !error.Field.StartsWith("task.", StringComparison.Ordinal))) errors.Add(error);
        }
        return (errors.Count == 0 ? schedule : null, errors, tooLarge);
    }

    private static ScheduleTaskTemplate? ParseTask(JsonElement? element, List<ValidationError> errors, int maxPayloadBytes, out bool payloadTooLarge)
    {
        payloadTooLarge = false;
        if (element is not { ValueKind: JsonValueKind.Object } task)
        {
            errors.Add(new ValidationError("task", element is { } other
                ? $"task must be a task object {{\"type\":…}}, not {TaskRequestParser.Describe(other)}."
                : "task is required: the task each tick submits, e.g. {\"type\":\"echo\",\"payload\":{}}."));
            return null;
        }
        var fields = new TaskTemplateFields("task.", errors);
        foreach (var property in JsonProperties.Unique(task, "task.", errors))
        {
            string field = "task." + Text.Clip(property.Name);
            if (!fields.TryRead(property.Name, property.Value))
                errors.Add(new ValidationError(field, TaskRequestParser.UnknownField(property.Name, TaskFields)));
        }
        payloadTooLarge = fields.PayloadTooLarge(maxPayloadBytes);
        return fields.ToScheduleTemplate();
    }

    private static bool? Boolean(string name, JsonElement value, List<ValidationError> errors)
    {
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
        if (value.ValueKind != JsonValueKind.Null) errors.Add(new ValidationError(name, $"{name} must be true or false, not {TaskRequestParser.Describe(value)}."));
        return null;
    }

    private static T? Choice<T>(string name, JsonElement value, List<ValidationError> errors, params (string Text, T Value)[] choices) where T : struct
    {
        if (value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.String)
        {
            foreach (var (text, choice) in choices)
            {
                if (string.Equals(text, value.GetString(), StringComparison.OrdinalIgnoreCase)) return choice;
            }
        }
        errors.Add(new ValidationError(name, $"{name} must be {string.Join(" or ", choices.Select(c => $"\"{c.Text}\""))}, not {TaskRequestParser.Describe(value)}."));
        return null;
    }
}
