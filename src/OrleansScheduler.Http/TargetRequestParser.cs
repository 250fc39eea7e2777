using System.Text.Json;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Http;

/// <summary>
/// Reads a <c>target</c> object (<c>{"grain": "orders", "key": "order-42"}</c>) wherever the API takes a task into a
/// <see cref="TaskTarget"/>. Like <see cref="RoutingRequestParser"/> it checks the shape only and leaves the rules on
/// values to <see cref="TaskSubmissionValidator"/>, under the same field names.
/// </summary>
internal static class TargetRequestParser
{
    /// <summary>The fields of a target object; anything else is refused by name.</summary>
    public static readonly IReadOnlyList<string> Fields = ["grain", "key"];

    /// <summary>The target at <paramref name="path"/> (<c>target</c>, <c>tasks[2].target</c>, …); null for JSON null and for what is no object.</summary>
    public static TaskTarget? Parse(JsonElement element, string path, List<ValidationError> errors)
    {
        if (element.ValueKind == JsonValueKind.Null) return null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError(path, $"{path} must be a target object such as {{\"grain\":\"orders\",\"key\":\"order-42\"}}, not {TaskRequestParser.Describe(element)}."));
            return null;
        }
        var fields = new TaskRequestParser.FieldReader(path + ".", errors);
        string? grain = null, key = null;
        foreach (var property in JsonProperties.Unique(element, path + ".", errors))
        {
            string field = path + "." + Text.Clip(property.Name);
            switch (property.Name)
            {
                case "grain": grain = fields.String("grain", property.Value); break;
                case "key": key = fields.String("key", property.Value); break;
                default: errors.Add(new ValidationError(field, TaskRequestParser.UnknownField(property.Name, Fields))); break;
            }
        }
        return new TaskTarget { Grain = grain ?? "", Key = key };
    }
}
