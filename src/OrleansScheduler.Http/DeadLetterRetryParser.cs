using System.Text.Json;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Http;

/// <summary>
/// Reads the optional body of <c>POST /api/queues/{name}/dead-letter/retry</c>: <c>{}</c> (every
/// Failed task) or <c>{"ids":[…]}</c> with 1 to <see cref="MaxIds"/> distinct, well-formed task ids.
/// <c>"ids": null</c> and <c>"ids": []</c> are refused rather than read as "all": a client that
/// meant to list some ids and listed none must not retry the whole queue.
/// </summary>
internal static class DeadLetterRetryParser
{
    /// <summary>Most ids in one request.</summary>
    public const int MaxIds = TaskLimits.MaxBatchSize;

    /// <summary>The ids to retry (null: every Failed task), or every problem with the body.</summary>
    public static (IReadOnlyList<string>? Ids, IReadOnlyList<ValidationError> Errors) Parse(JsonElement root)
    {
        var errors = new List<ValidationError>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError("body", $"The request body must be a JSON object {{\"ids\":[…]}} or {{}}, not {TaskRequestParser.Describe(root)}."));
            return (null, errors);
        }
        JsonElement? given = null;
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name != "ids")
                errors.Add(new ValidationError(Text.Clip(property.Name), $"unknown field '{Text.Clip(property.Name)}'; the only field is 'ids' (case-sensitive)."));
            else if (given is not null) errors.Add(new ValidationError("ids", "ids appears more than once."));
            else given = property.Value;
        }
        if (given is not { } array) return (null, errors);

        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new ValidationError("ids", $"ids must be an array of 1 to {MaxIds} task ids, not {TaskRequestParser.Describe(array)}; leave it out to retry every Failed task of the queue."));
            return (null, errors);
        }
        int count = array.GetArrayLength();
        if (count is 0 or > MaxIds)
        {
            errors.Add(new ValidationError("ids", $"ids has {count} items; give 1 to {MaxIds}, or leave ids out to retry every Failed task of the queue."));
            return (null, errors);
        }

        var ids = new List<string>(count);
        var firstIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        int index = 0;
        foreach (var item in array.EnumerateArray())
        {
            string field = $"ids[{index}]";
            if (item.ValueKind != JsonValueKind.String)
                errors.Add(new ValidationError(field, $"{field} must be a task id string, not {TaskRequestParser.Describe(item)}."));
            else if (item.GetString() is not { } id || !TaskLimits.IsValidId(id))
                errors.Add(new ValidationError(field, $"{field} '{Text.Clip(item.GetString())}' must match {TaskLimits.IdPattern}."));
            else if (!firstIndex.TryAdd(id, index))
                errors.Add(new ValidationError(field, $"{field} '{id}' is also given as ids[{firstIndex[id]}]; give each id once."));
            else
                ids.Add(id);
            index++;
        }
        return (errors.Count == 0 ? ids : null, errors);
    }
}
