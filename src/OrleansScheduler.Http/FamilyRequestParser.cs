using System.Text.Json;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Http;

/// <summary>
/// The body of <c>POST /api/tasks</c> that submits a parent with its children in one step:
/// <c>{"join": {task}, "children": [{task}, …], "failurePolicy": "collect" | "failFast"}</c>. The join is
/// the parent: it waits for its children and then runs its type's handler as its join step. Children
/// cannot choose ids or idempotency keys (they are idempotent by their position).
/// </summary>
internal sealed class FamilyRequestParser(TaskRequestParser tasks)
{
    /// <summary>The fields of a family body.</summary>
    public static readonly IReadOnlyList<string> Fields = ["join", "children", "failurePolicy"];

    /// <summary>Whether <paramref name="root"/> is a family body rather than one task.</summary>
    public static bool IsFamily(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && (root.TryGetProperty("children", out _) || root.TryGetProperty("join", out _));

    public ParsedFamily Parse(JsonElement root)
    {
        var errors = new List<ValidationError>();
        JsonElement? join = null, children = null;
        var policy = ChildFailurePolicy.Collect;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "join" when join is null: join = property.Value; break;
                case "children" when children is null: children = property.Value; break;
                case "failurePolicy": policy = Policy(property.Value, errors); break;
                case "join" or "children": errors.Add(new ValidationError(property.Name, $"{property.Name} appears more than once.")); break;
                default:
                    string hint = TaskRequestParser.Fields.Contains(property.Name) ? $" In a family body {property.Name} belongs inside join or a child." : "";
                    errors.Add(new ValidationError(Text.Clip(property.Name), TaskRequestParser.UnknownField(property.Name, Fields) + hint));
                    break;
            }
        }
        bool tooLarge = false;
        TaskSubmission? parent = null;
        if (join is not { } joinElement) errors.Add(new ValidationError("join", "join is required: the task that runs once every child has finished, e.g. {\"type\":\"sum\"}."));
        else parent = tasks.ParseTask(joinElement, "join", errors, out tooLarge);

        var kids = new List<TaskSubmission>();
        if (children is not { } array) errors.Add(new ValidationError("children", $"children is required: an array of 1 to {TaskLimits.MaxBatchSize} task objects."));
        else if (array.ValueKind != JsonValueKind.Array) errors.Add(new ValidationError("children", $"children must be an array of task objects, not {TaskRequestParser.Describe(array)}."));
        else if (array.GetArrayLength() is 0 or > TaskLimits.MaxBatchSize)
            errors.Add(new ValidationError("children", $"children has {array.GetArrayLength()} items; a parent submitted this way has 1 to {TaskLimits.MaxBatchSize} (a handler can spawn more)."));
        else
        {
            int index = 0;
            foreach (var item in array.EnumerateArray())
            {
                string path = $"children[{index++}]";
                var child = tasks.ParseTask(item, path, errors, out bool childTooLarge);
                tooLarge |= childTooLarge;
                if (child is null) continue;
                if (child.Id is not null) errors.Add(new ValidationError(path + ".id", "a child cannot choose its id; it is '<parent id>.<position>'."));
                if (child.IdempotencyKey is not null) errors.Add(new ValidationError(path + ".idempotencyKey", "children are idempotent by their position; leave it out (give the join one)."));
                kids.Add(child);
            }
        }
        return new ParsedFamily(errors.Count == 0 ? parent : null, errors.Count == 0 ? kids : [], policy, errors, tooLarge);
    }

    private static ChildFailurePolicy Policy(JsonElement value, List<ValidationError> errors)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            switch (value.GetString())
            {
                case "collect": return ChildFailurePolicy.Collect;
                case "failFast": return ChildFailurePolicy.FailFast;
            }
        }
        errors.Add(new ValidationError("failurePolicy", $"failurePolicy must be \"collect\" (the join decides) or \"failFast\" (the first failed child fails the parent), not {TaskRequestParser.Describe(value)}."));
        return ChildFailurePolicy.Collect;
    }
}
