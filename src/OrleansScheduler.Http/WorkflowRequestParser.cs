using System.Text.Json;
using OrleansScheduler.Tasks;
using OrleansScheduler.Workflows;

namespace OrleansScheduler.Http;

/// <summary>
/// Turns the body of <c>POST /api/workflows</c> into a <see cref="WorkflowDefinition"/>. Like
/// <see cref="ScheduleRequestParser"/> it checks the shape (known fields once each, JSON types, whole numbers;
/// <c>dependsOn</c> entries are <c>"key"</c> strings or <c>{"key":…,"onFailure":"continue"|"cancel"}</c>) and
/// leaves the rules on values, keys and edges to <see cref="WorkflowValidator"/>, so each rule lives in one place.
/// </summary>
internal static class WorkflowRequestParser
{
    /// <summary>The fields of a workflow object.</summary>
    public static readonly IReadOnlyList<string> Fields = ["id", "name", "tasks"];

    /// <summary>The fields of one of its tasks.</summary>
    public static readonly IReadOnlyList<string> TaskFields = ["key", "type", "queue", "payload", "priority", "maxAttempts", "timeoutMs", "backoffMs", "dependsOn", "routing"];

    /// <summary>The fields of a dependency object.</summary>
    public static readonly IReadOnlyList<string> DependencyFields = ["key", "onFailure"];

    /// <summary>The definition, or every problem with the body.</summary>
    public static (WorkflowDefinition? Workflow, string? Id, IReadOnlyList<ValidationError> Errors, bool PayloadTooLarge) Parse(JsonElement root, DateTimeOffset now, int maxPayloadBytes)
    {
        var errors = new List<ValidationError>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new("body", $"The request body must be a JSON workflow object {{\"name\":…,\"tasks\":[…]}}, not {TaskRequestParser.Describe(root)}."));
            return (null, null, errors, false);
        }
        var fields = new TaskRequestParser.FieldReader("", errors);
        string? name = null, id = null;
        JsonElement? tasks = null;
        foreach (var property in JsonProperties.Unique(root, "", errors))
        {
            switch (property.Name)
            {
                case "id": id = fields.String("id", property.Value); break;
                case "name": name = fields.String("name", property.Value); break;
                case "tasks": tasks = property.Value; break;
                default: errors.Add(new(Text.Clip(property.Name), TaskRequestParser.UnknownField(property.Name, Fields))); break;
            }
        }
        var nodes = new List<WorkflowNode>();
        bool tooLarge = false;
        if (tasks is not { ValueKind: JsonValueKind.Array } array)
        {
            errors.Add(new("tasks", tasks is { } other
                ? $"tasks must be an array of task objects, not {TaskRequestParser.Describe(other)}."
                : "tasks is required: an array of task objects, e.g. [{\"key\":\"fetch\",\"type\":\"echo\"}]."));
        }
        else if (array.GetArrayLength() is 0 or > WorkflowLimits.MaxNodes)
        {
            errors.Add(new("tasks", $"tasks has {array.GetArrayLength()} items; a workflow holds 1 to {WorkflowLimits.MaxNodes}."));
        }
        else
        {
            int index = 0;
            foreach (var item in array.EnumerateArray())
            {
                nodes.Add(ParseNode(item, $"tasks[{index++}]", errors, maxPayloadBytes, ref tooLarge));
            }
        }
        // The nodes' task ids are "<workflow id>.<key>", so a chosen id leaves room for the longest key.
        if (id is not null && (!TaskLimits.IsValidId(id) || id.Length > WorkflowLimits.MaxIdLength))
            errors.Add(new("id", $"id '{Text.Clip(id)}' must match {TaskLimits.IdPattern} and have at most {WorkflowLimits.MaxIdLength} characters."));
        if (errors.Count > 0) return (null, null, errors, tooLarge);
        var workflow = new WorkflowDefinition { Name = name ?? "", Nodes = nodes };
        errors.AddRange(WorkflowValidator.Validate(workflow, now, maxPayloadBytes));
        return (errors.Count == 0 ? workflow : null, id, errors, tooLarge);
    }

    private static WorkflowNode ParseNode(JsonElement element, string path, List<ValidationError> errors, int maxPayloadBytes, ref bool tooLarge)
    {
        string? key = null;
        var task = new TaskTemplateFields(path + ".", errors);
        var dependsOn = new List<WorkflowDependency>();
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(path, $"{path} must be a task object {{\"key\":…,\"type\":…}}, not {TaskRequestParser.Describe(element)}."));
        }
        else
        {
            var fields = new TaskRequestParser.FieldReader(path + ".", errors);
            foreach (var property in JsonProperties.Unique(element, path + ".", errors))
            {
                var value = property.Value;
                switch (property.Name)
                {
                    case "key": key = fields.String("key", value); break;
                    case "dependsOn": ParseDependencies(value, path + ".dependsOn", errors, dependsOn); break;
                    default:
                        if (!task.TryRead(property.Name, value)) errors.Add(new($"{path}.{Text.Clip(property.Name)}", TaskRequestParser.UnknownField(property.Name, TaskFields)));
                        break;
                }
            }
        }
        tooLarge |= task.PayloadTooLarge(maxPayloadBytes);
        return new WorkflowNode { Key = key ?? "", DependsOn = dependsOn, Task = task.ToSubmission() };
    }

    private static void ParseDependencies(JsonElement value, string path, List<ValidationError> errors, List<WorkflowDependency> dependsOn)
    {
        if (value.ValueKind == JsonValueKind.Null) return;
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new(path, $"dependsOn must be an array of keys or {{\"key\":…,\"onFailure\":…}} objects, not {TaskRequestParser.Describe(value)}."));
            return;
        }
        int index = 0;
        foreach (var item in value.EnumerateArray())
        {
            string field = $"{path}[{index++}]";
            if (item.ValueKind == JsonValueKind.String)
            {
                dependsOn.Add(new WorkflowDependency { Key = item.GetString()! });
                continue;
            }
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new(field, $"{field} must be a key or a {{\"key\":…,\"onFailure\":\"continue\"|\"cancel\"}} object, not {TaskRequestParser.Describe(item)}."));
                continue;
            }
            var fields = new TaskRequestParser.FieldReader(field + ".", errors);
            string? key = null;
            var onFailure = DependencyFailure.Cancel;
            foreach (var property in JsonProperties.Unique(item, field + ".", errors))
            {
                switch (property.Name)
                {
                    case "key": key = fields.String("key", property.Value); break;
                    case "onFailure": onFailure = OnFailure(property.Value, field + ".onFailure", errors); break;
                    default: errors.Add(new($"{field}.{Text.Clip(property.Name)}", TaskRequestParser.UnknownField(property.Name, DependencyFields))); break;
                }
            }
            if (key is null) errors.Add(new(field + ".key", "key is required: the key of the task depended on."));
            else dependsOn.Add(new WorkflowDependency { Key = key, OnFailure = onFailure });
        }
    }

    private static DependencyFailure OnFailure(JsonElement value, string field, List<ValidationError> errors)
    {
        if (value.ValueKind == JsonValueKind.Null) return DependencyFailure.Cancel;
        if (value.ValueKind == JsonValueKind.String)
        {
            if (string.Equals(value.GetString(), "cancel", StringComparison.OrdinalIgnoreCase)) return DependencyFailure.Cancel;
            if (string.Equals(value.GetString(), "continue", StringComparison.OrdinalIgnoreCase)) return DependencyFailure.Continue;
        }
        errors.Add(new(field, $"onFailure must be \"cancel\" or \"continue\", not {TaskRequestParser.Describe(value)}."));
        return DependencyFailure.Cancel;
    }
}
