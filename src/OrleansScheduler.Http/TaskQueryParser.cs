using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Http;

/// <summary>
/// Reads the query string of <c>GET /api/tasks</c>, of <c>GET /api/tasks/{id}</c> and of a queue's dead-letter listing. Unknown
/// or repeated parameters are refused rather than ignored: a misspelt filter
/// (<c>?stauts=Failed</c>) silently listing everything would be worse than an error.
/// </summary>
internal static class TaskQueryParser
{
    /// <summary>The parameters <c>GET /api/tasks</c> takes.</summary>
    public static readonly IReadOnlyList<string> Parameters = ["queue", "status", "type", "limit", "cursor"];

    /// <summary>The parameters <c>GET /api/tasks/{id}</c> takes: how long to wait for the task's outcome.</summary>
    public static readonly IReadOnlyList<string> WaitParameters = ["waitMs"];

    /// <summary>The longest <c>waitMs</c>: a minute (longer waits are a loop of requests).</summary>
    public const long MaxWaitMs = 60_000;

    /// <summary>The parameters <c>GET /api/queues/{name}/dead-letter</c> takes: the queue and the state are the route's.</summary>
    public static readonly IReadOnlyList<string> DeadLetterParameters = ["limit", "cursor"];

    /// <summary>The query parameters of <c>GET /api/tasks/{id}/children</c>.</summary>
    public static readonly IReadOnlyList<string> ChildrenParameters = ["start", "limit"];

    /// <summary>Most children one page of <c>GET /api/tasks/{id}/children</c> lists, and how many when it does not say.</summary>
    public const int MaxChildPage = 1000, DefaultChildPage = 100;

    /// <summary>The query, or every problem with the parameters.</summary>
    public static (TaskQuery? Query, IReadOnlyList<ValidationError> Errors) Parse(IQueryCollection parameters)
    {
        var errors = new List<ValidationError>();
        var values = Read(parameters, Parameters, errors);

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

        int limit = Limit(values, errors);
        string? cursor = Cursor(values, queue, errors);
        if (errors.Count > 0) return (null, errors);
        return (new TaskQuery { Queue = queue, Type = type, Status = status, Limit = limit, Cursor = cursor }, errors);
    }

    /// <summary>How long <c>GET /api/tasks/{id}</c> waits for the task to end (null: it answers at once), or every problem with the parameters.</summary>
    public static (TimeSpan? Wait, IReadOnlyList<ValidationError> Errors) ParseWait(IQueryCollection parameters)
    {
        var errors = new List<ValidationError>();
        var values = Read(parameters, WaitParameters, errors);
        if (values.GetValueOrDefault("waitMs") is not { } text) return (null, errors);
        if (!long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long ms) || ms > MaxWaitMs)
        {
            errors.Add(new ValidationError("waitMs", $"waitMs must be a whole number of milliseconds from 0 to {MaxWaitMs}, not '{Text.Clip(text)}'."));
            return (null, errors);
        }
        return (TimeSpan.FromMilliseconds(ms), errors);
    }

    /// <summary>The Failed tasks of <paramref name="queue"/> (a valid name), a page at a time, or every problem with the parameters.</summary>
    public static (TaskQuery? Query, IReadOnlyList<ValidationError> Errors) ParseDeadLetter(IQueryCollection parameters, string queue)
    {
        var errors = new List<ValidationError>();
        var values = Read(parameters, DeadLetterParameters, errors);
        int limit = Limit(values, errors);
        string? cursor = Cursor(values, queue, errors);
        if (errors.Count > 0) return (null, errors);
        return (new TaskQuery { Queue = queue, Status = TaskState.Failed, Limit = limit, Cursor = cursor }, errors);
    }

    /// <summary>A page of a parent's children: <c>start</c> (from 0, default 0) and <c>limit</c> (1 to <see cref="MaxChildPage"/>), or every problem with the parameters.</summary>
    public static (int Start, int Limit, IReadOnlyList<ValidationError> Errors) ParseChildren(IQueryCollection parameters)
    {
        var errors = new List<ValidationError>();
        var values = Read(parameters, ChildrenParameters, errors);
        int start = Whole(values, "start", 0, 0, int.MaxValue, errors);
        int limit = Whole(values, "limit", DefaultChildPage, 1, MaxChildPage, errors);
        return (start, limit, errors);
    }

    /// <summary>Describes <paramref name="names"/> as query parameters in OpenAPI: the query is parsed by hand (to refuse unknown parameters), so the generator cannot see them.</summary>
    public static Func<OpenApiOperation, OpenApiOperationTransformerContext, CancellationToken, Task> DescribeParameters(IReadOnlyList<string> names) =>
        (operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (string name in names)
                operation.Parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Query, Schema = new OpenApiSchema { Type = name is "limit" or "waitMs" or "start" ? JsonSchemaType.Integer : JsonSchemaType.String } });
            return Task.CompletedTask;
        };

    /// <summary>Each known parameter's one value; unknown and repeated ones go to <paramref name="errors"/>.</summary>
    internal static Dictionary<string, string> Read(IQueryCollection parameters, IReadOnlyList<string> known, List<ValidationError> errors)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in parameters)
        {
            if (!known.Contains(name))
                errors.Add(new ValidationError(Text.Clip(name), $"unknown query parameter '{Text.Clip(name)}'; the known ones are {string.Join(", ", known)} (names are case-sensitive)."));
            else if (value.Count != 1)
                errors.Add(new ValidationError(name, $"{name} is given {value.Count} times; give it once."));
            else
                values[name] = value[0] ?? "";
        }
        return values;
    }

    private static int Limit(Dictionary<string, string> values, List<ValidationError> errors) =>
        Whole(values, "limit", new TaskQuery().Limit, 1, TaskQuery.MaxLimit, errors);

    /// <summary>The whole number <paramref name="name"/> from <paramref name="min"/> to <paramref name="max"/>, <paramref name="fallback"/> when absent; a bad one goes to <paramref name="errors"/>.</summary>
    private static int Whole(Dictionary<string, string> values, string name, int fallback, int min, int max, List<ValidationError> errors)
    {
        if (values.GetValueOrDefault(name) is not { } text) return fallback;
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int value) && value >= min && value <= max) return value;
        errors.Add(new ValidationError(name, $"{name} must be a whole number from {min} to {max}, not '{Text.Clip(text)}'."));
        return fallback;
    }

    /// <summary>The cursor, checked to be one a listing made and, when the listing is of one queue, of that queue.</summary>
    private static string? Cursor(Dictionary<string, string> values, string? queue, List<ValidationError> errors)
    {
        string? cursor = values.GetValueOrDefault("cursor");
        if (cursor is null) return null;
        if (!TaskCursor.TryDecode(cursor, out var decoded))
            errors.Add(new ValidationError("cursor", $"cursor '{Text.Clip(cursor)}' was not made by this API; pass the nextCursor of a previous page."));
        else if (queue is not null && decoded.Queue != queue)
            errors.Add(new ValidationError("cursor", $"cursor belongs to a listing of queue '{decoded.Queue}', not '{Text.Clip(queue)}'."));
        return cursor;
    }
}
