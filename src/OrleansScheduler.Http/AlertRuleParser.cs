using System.Text.Json;
using OrleansScheduler.Alerts;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Http;

/// <summary>
/// Turns the body of <c>PUT /api/alerts/rules/{name}</c> into an <see cref="AlertRule"/>: known fields once each, their
/// JSON types, <c>kind</c> by name in any case; the rules on values are <see cref="AlertRuleValidator"/>'s.
/// </summary>
internal static class AlertRuleParser
{
    /// <summary>The fields of a rule object; anything else is refused by name.</summary>
    public static readonly IReadOnlyList<string> Fields = ["name", "kind", "queue", "schedule", "olderThanMs", "depth", "forMs", "graceMs", "webhookUrl", "secret"];

    /// <summary>The rule, or every problem with the body. A name in the body must equal <paramref name="routeName"/>.</summary>
    public static (AlertRule? Rule, IReadOnlyList<ValidationError> Errors) Parse(JsonElement root, string routeName)
    {
        var errors = new List<ValidationError>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError("body", $"The request body must be a JSON alert rule object, not {TaskRequestParser.Describe(root)}."));
            return (null, errors);
        }
        var fields = new TaskRequestParser.FieldReader("", errors);
        var rule = new AlertRule { Name = routeName };
        bool kindGiven = false;
        foreach (var property in JsonProperties.Unique(root, "", errors))
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "name":
                    if (fields.String("name", value) is { } name && name != routeName)
                        errors.Add(new ValidationError("name", $"name '{Text.Clip(name)}' differs from the name in the path, '{Text.Clip(routeName)}'."));
                    break;
                case "kind":
                    kindGiven = true;
                    if (fields.String("kind", value) is { } kind)
                    {
                        if (Enum.TryParse<AlertKind>(kind, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsDigit(kind[0])) rule = rule with { Kind = parsed };
                        else errors.Add(new ValidationError("kind", $"kind '{Text.Clip(kind)}' is not one of {string.Join(", ", Enum.GetNames<AlertKind>())}."));
                    }
                    break;
                case "queue": rule = rule with { Queue = fields.String("queue", value) }; break;
                case "schedule": rule = rule with { Schedule = fields.String("schedule", value) }; break;
                case "olderThanMs": rule = rule with { OlderThanMs = fields.WholeNumber("olderThanMs", value) }; break;
                case "depth": rule = rule with { Depth = fields.WholeNumber("depth", value) }; break;
                case "forMs": rule = rule with { ForMs = fields.WholeNumber("forMs", value) }; break;
                case "graceMs": rule = rule with { GraceMs = fields.WholeNumber("graceMs", value) }; break;
                case "webhookUrl": rule = rule with { WebhookUrl = fields.String("webhookUrl", value) ?? "" }; break;
                case "secret": rule = rule with { Secret = fields.String("secret", value) }; break;
                default: errors.Add(new ValidationError(Text.Clip(property.Name), TaskRequestParser.UnknownField(property.Name, Fields))); break;
            }
        }
        if (!kindGiven) errors.Add(new ValidationError("kind", $"kind is required: one of {string.Join(", ", Enum.GetNames<AlertKind>())}."));
        if (errors.Count > 0) return (null, errors);
        var invalid = AlertRuleValidator.Validate(rule);
        return invalid.Count > 0 ? (null, invalid) : (rule, errors);
    }
}
