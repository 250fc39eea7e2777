using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Http;

/// <summary>
/// Turns submission JSON into <see cref="TaskSubmission"/>s. It checks the shape (an object, known
/// fields once each, the right JSON types, whole numbers, ISO-8601 times, delayMs xor runAt) and
/// leaves the rules on values to <see cref="TaskSubmissionValidator"/>, so each rule lives in one
/// place. Model binding is not used because its messages cannot name the field and the problem
/// as precisely (e.g. <c>tasks[3].priority</c>: a string where a whole number belongs).
/// </summary>
internal sealed partial class TaskRequestParser(DateTimeOffset now, int maxPayloadBytes)
{
    /// <summary>The fields of a task object; anything else is refused by name.</summary>
    public static readonly IReadOnlyList<string> Fields =
        ["type", "queue", "payload", "priority", "delayMs", "runAt", "maxAttempts", "timeoutMs", "backoffMs", "id", "idempotencyKey", "idempotencyWindowMs", "routing", "target"];

    /// <summary>The body of <c>POST /api/tasks</c>: one task object.</summary>
    public ParsedTasks ParseOne(JsonElement root)
    {
        var errors = new List<ValidationError>();
        var task = ParseTask(root, path: "", errors, out bool tooLarge);
        return new ParsedTasks(task is null ? [] : [task], errors, tooLarge);
    }

    /// <summary>The body of <c>POST /api/tasks/batch</c>: <c>{"tasks":[…]}</c> with 1 to <see cref="TaskLimits.MaxBatchSize"/> items.</summary>
    public ParsedTasks ParseBatch(JsonElement root)
    {
        var errors = new List<ValidationError>();
        if (root.ValueKind != JsonValueKind.Object)
            return Failed(errors, "body", $"The request body must be a JSON object {{\"tasks\":[…]}}, not {Describe(root)}.");
        JsonElement? items = null;
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name != "tasks") errors.Add(new ValidationError(Text.Clip(property.Name), UnknownField(property.Name, ["tasks"])));
            else if (items is not null) errors.Add(new ValidationError("tasks", "tasks appears more than once."));
            else items = property.Value;
        }
        if (items is not { } array)
            return Failed(errors, "tasks", "tasks is required: an array of 1 to " + TaskLimits.MaxBatchSize + " task objects.");
        if (array.ValueKind != JsonValueKind.Array)
            return Failed(errors, "tasks", $"tasks must be an array of task objects, not {Describe(array)}.");
        int count = array.GetArrayLength();
        if (count is 0 or > TaskLimits.MaxBatchSize)
            return Failed(errors, "tasks", $"tasks has {count} items; a batch holds 1 to {TaskLimits.MaxBatchSize}.");

        var tasks = new List<TaskSubmission>(count);
        var firstIndexOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        var firstIndexOfKey = new Dictionary<(string Queue, string Key), int>();
        bool tooLarge = false;
        int index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var task = ParseTask(item, $"tasks[{index}]", errors, out bool itemTooLarge);
            tooLarge |= itemTooLarge;
            if (task is not null)
            {
                tasks.Add(task);
                if (task.Id is { } id && !firstIndexOfId.TryAdd(id, index))
                    errors.Add(new ValidationError($"tasks[{index}].id", $"id '{id}' is also given to tasks[{firstIndexOfId[id]}]; ids must be unique."));
                if (task.IdempotencyKey is { } key && !firstIndexOfKey.TryAdd((task.Queue, key), index))
                    errors.Add(new ValidationError($"tasks[{index}].idempotencyKey",
                        $"idempotencyKey '{Text.Clip(key)}' is also given to tasks[{firstIndexOfKey[(task.Queue, key)]}] in queue '{task.Queue}'; keys must be unique per queue within a batch."));
            }
            index++;
        }
        return new ParsedTasks(errors.Count == 0 ? tasks : [], errors, tooLarge);
    }

    private static ParsedTasks Failed(List<ValidationError> errors, string field, string message)
    {
        errors.Add(new ValidationError(field, message));
        return new ParsedTasks([], errors, false);
    }

    /// <summary>One task object at <paramref name="path"/> ("" for a body, "tasks[3]" in a batch); null when it has problems, which go to <paramref name="errors"/>.</summary>
    internal TaskSubmission? ParseTask(JsonElement element, string path, List<ValidationError> errors, out bool payloadTooLarge)
    {
        payloadTooLarge = false;
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError(path.Length == 0 ? "body" : path, $"{(path.Length == 0 ? "The request body" : path)} must be a JSON task object, not {Describe(element)}."));
            return null;
        }
        string prefix = path.Length == 0 ? "" : path + ".";
        int errorsBefore = errors.Count;
        var fields = new FieldReader(prefix, errors);

        string? type = null, queue = null, id = null, payload = null, idempotencyKey = null;
        long? priority = null, delayMs = null, maxAttempts = null, timeoutMs = null, backoffMs = null, idempotencyWindowMs = null;
        DateTimeOffset? runAt = null;
        TaskRouting? routing = null;
        TaskTarget? target = null;
        foreach (var property in JsonProperties.Unique(element, prefix, errors))
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "type": type = fields.String("type", value); break;
                case "queue": queue = fields.String("queue", value); break;
                case "id": id = fields.String("id", value); break;
                case "idempotencyKey": idempotencyKey = fields.String("idempotencyKey", value); break;
                case "idempotencyWindowMs": idempotencyWindowMs = fields.WholeNumber("idempotencyWindowMs", value); break;
                case "payload": payload = value.GetRawText(); break;
                case "priority": priority = fields.WholeNumber("priority", value); break;
                case "delayMs": delayMs = fields.WholeNumber("delayMs", value); break;
                case "maxAttempts": maxAttempts = fields.WholeNumber("maxAttempts", value); break;
                case "timeoutMs": timeoutMs = fields.WholeNumber("timeoutMs", value); break;
                case "backoffMs": backoffMs = fields.WholeNumber("backoffMs", value); break;
                case "runAt": runAt = fields.Timestamp("runAt", value); break;
                case "routing": routing = RoutingRequestParser.Parse(value, prefix + "routing", errors); break;
                case "target": target = TargetRequestParser.Parse(value, prefix + "target", errors); break;
                default: errors.Add(new ValidationError(prefix + Text.Clip(property.Name), UnknownField(property.Name, Fields))); break;
            }
        }
        if (delayMs is not null && runAt is not null)
            errors.Add(new ValidationError(prefix + "delayMs", "delayMs and runAt are exclusive; give one of them."));
        if (delayMs < 0)
            errors.Add(new ValidationError(prefix + "delayMs", $"delayMs must not be negative (got {delayMs})."));

        payload ??= "null";
        payloadTooLarge = Encoding.UTF8.GetByteCount(payload) > maxPayloadBytes;
        var task = new TaskSubmission
        {
            // A task for a grain is named after it unless it says otherwise.
            Type = type ?? target?.Grain ?? "",
            Queue = queue ?? TaskLimits.DefaultQueue,
            Id = id,
            IdempotencyKey = idempotencyKey,
            IdempotencyWindow = idempotencyWindowMs is { } window ? Milliseconds(window, TaskLimits.MaxIdempotencyWindow) : null,
            Payload = payload,
            Priority = ToInt(priority ?? 0),
            MaxAttempts = ToInt(maxAttempts ?? TaskLimits.DefaultMaxAttempts),
            // Out-of-range values are clamped to just past the bound, so the validator reports the bound.
            RunAt = delayMs is { } delay ? now + Milliseconds(Math.Max(0, delay), TaskLimits.MaxDelay) : runAt,
            Timeout = timeoutMs is { } timeout ? Milliseconds(timeout, TaskLimits.MaxTimeout) : TaskLimits.DefaultTimeout,
            Backoff = backoffMs is { } backoff ? Milliseconds(backoff, TaskLimits.MaxBackoff) : TaskLimits.DefaultBackoff,
            Routing = routing,
            Target = target,
        };
        // The request's activity (ASP.NET Core's, continuing the client's traceparent) is the attempts' parent.
        task = OrleansScheduler.Telemetry.SchedulerTracing.WithCurrentTrace(task);

        var invalidFields = errors.Skip(errorsBefore).Select(e => e.Field).ToHashSet(StringComparer.Ordinal);
        foreach (var error in TaskSubmissionValidator.Validate(task, now, maxPayloadBytes, prefix))
        {
            // The validator knows only runAt; a delay that reaches too far is the client's delayMs.
            var reported = delayMs is not null && error.Field == prefix + "runAt" ? error with { Field = prefix + "delayMs" } : error;
            if (!invalidFields.Contains(reported.Field)) errors.Add(reported);
        }
        return errors.Count == errorsBefore ? task : null;
    }

    internal static int ToInt(long value) => (int)Math.Clamp(value, int.MinValue, int.MaxValue);

    internal static TimeSpan Milliseconds(long value, TimeSpan bound) =>
        TimeSpan.FromMilliseconds(Math.Clamp(value, -1, (long)bound.TotalMilliseconds + 1));

    internal static string UnknownField(string name, IReadOnlyList<string> known)
    {
        string? meant = known.FirstOrDefault(k => k.Equals(name, StringComparison.OrdinalIgnoreCase));
        return meant is not null
            ? $"unknown field '{Text.Clip(name)}'; field names are case-sensitive: did you mean '{meant}'?"
            : $"unknown field '{Text.Clip(name)}'; the known fields are {string.Join(", ", known)}.";
    }

    /// <summary>A JSON value as an error message names it: its kind and, when short, the value.</summary>
    internal static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"a string (\"{Text.Clip(value.GetString())}\")",
        JsonValueKind.Number => $"the number {Text.Clip(value.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => $"a boolean ({value.GetRawText()})",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };

    /// <summary>Reads typed fields of one task object, adding an error naming the field for each wrong JSON type; null means absent or JSON null.</summary>
    internal sealed class FieldReader(string prefix, List<ValidationError> errors)
    {
        public string? String(string name, JsonElement value)
        {
            if (value.ValueKind == JsonValueKind.String) return value.GetString();
            if (value.ValueKind != JsonValueKind.Null) Add(name, $"{name} must be a string, not {Describe(value)}.");
            return null;
        }

        public long? WholeNumber(string name, JsonElement value)
        {
            if (value.ValueKind == JsonValueKind.Null) return null;
            if (value.ValueKind != JsonValueKind.Number)
            {
                Add(name, $"{name} must be a whole number, not {Describe(value)}.");
                return null;
            }
            if (value.TryGetInt64(out long exact)) return exact;
            // 1.0 and 1e2 are whole; 1e99 is whole but beyond any bound, so it saturates and the
            // validator reports the range; 1.5 is not whole at all.
            double number = value.GetDouble();
            if (double.IsFinite(number) && Math.Floor(number) == number)
                return number >= long.MaxValue ? long.MaxValue : number <= long.MinValue ? long.MinValue : (long)number;
            Add(name, $"{name} must be a whole number, not {Describe(value)}.");
            return null;
        }

        public DateTimeOffset? Timestamp(string name, JsonElement value)
        {
            if (value.ValueKind == JsonValueKind.Null) return null;
            if (value.ValueKind == JsonValueKind.String && IsoWithOffset().IsMatch(value.GetString()!) && value.TryGetDateTimeOffset(out var time))
                return time;
            Add(name, $"{name} must be an ISO-8601 date and time with an offset, e.g. \"2026-01-01T09:30:00Z\", not {Describe(value)}.");
            return null;
        }

        private void Add(string name, string message) => errors.Add(new ValidationError(prefix + name, message));
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IsoWithOffset();
}
