using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Silo.Gateway;

/// <summary>
/// Reads the query string of <c>GET /api/tasks</c>. Unknown or repeated parameters are refused
/// rather than ignored: a misspelt filter (<c>?stauts=Failed</c>) silently listing everything
/// would be worse than an error.
/// </summary>
internal static class TaskQueryParser
{
    /// <summary>The parameters <c>GET /api/tasks</c> takes.</summary>
    public static readonly IReadOnlyList<string> Parameters = ["queue", "status", "type", "limit", "cursor"];

    /// <summary>The query, or every problem with the parameters.</summary>
    public static (TaskQuery? Query, IReadOnlyList<ValidationError> Errors) Parse(IQueryCollection parameters)
    {
        var errors = new List<ValidationError>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in parameters)
        {
            if (!Parameters.Contains(name))
                errors.Add(new ValidationError(Text.Clip(name), $"unknown query parameter '{Text.Clip(name)}'; the known ones are {string.Join(", ", Parameters)} (names are case-sensitive)."));
            else if (value.Count != 1)
                errors.Add(new ValidationError(name, $"{name} is given {value.Count} times; give it once."));
            else
                values[name] = value[0] ?? "";
        }

        string? queue = values.GetValueOrDefault("queue");
        if (queue is not null && !TaskLimits.IsValidQueue(queue))
            errors.Add(new ValidationError("queue", $"queue '{Text.Clip(queue)}' must match {TaskLimits.QueuePattern}."));

        string? type = values.GetValueOrDefault("type");
        if (type is not null && !TaskLimits.IsValidType(type))
            errors.Add(new ValidationError("type", $"type '{Text.Clip(type)}' must match {TaskLimits.TypePattern}."));

        TaskState? status = null;
        if (values.GetValueOrDefault("status") is { } statusText)
        {
            // Enum.TryParse would take "3" or "Pending,Running"; only a state's name is meant here.
            string? name = Enum.GetNames<TaskState>().FirstOrDefault(n => n.Equals(statusText, StringComparison.OrdinalIgnoreCase));
            if (name is null) errors.Add(new ValidationError("status", $"status '{Text.Clip(statusText)}' is not a task state; use one of {string.Join(", ", Enum.GetNames<TaskState>())}."));
            else status = Enum.Parse<TaskState>(name);
        }

        int limit = new TaskQuery().Limit;
        if (values.GetValueOrDefault("limit") is { } limitText
            && (!int.TryParse(limitText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit) || limit is < 1 or > TaskQuery.MaxLimit))
            errors.Add(new ValidationError("limit", $"limit must be a whole number from 1 to {TaskQuery.MaxLimit}, not '{Text.Clip(limitText)}'."));

        string? cursor = values.GetValueOrDefault("cursor");
        if (cursor is not null)
        {
            if (!TaskCursor.TryDecode(cursor, out var decoded))
                errors.Add(new ValidationError("cursor", $"cursor '{Text.Clip(cursor)}' was not made by this API; pass the nextCursor of a previous page."));
            else if (queue is not null && decoded.Queue != queue)
                errors.Add(new ValidationError("cursor", $"cursor belongs to a listing of queue '{decoded.Queue}', not '{Text.Clip(queue)}'."));
        }

        if (errors.Count > 0) return (null, errors);
        return (new TaskQuery { Queue = queue, Type = type, Status = status, Limit = limit, Cursor = cursor }, errors);
    }
}
