using System.Text;
using System.Text.Json;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Http;

/// <summary>
/// The task fields a schedule's template and a workflow's task share (<see cref="Names"/>), read one property at
/// a time with the errors named under <c>prefix</c>; what is missing takes the documented default.
/// </summary>
internal sealed class TaskTemplateFields(string prefix, List<ValidationError> errors)
{
    /// <summary>The fields this reads.</summary>
    public static readonly IReadOnlyList<string> Names = ["type", "queue", "payload", "priority", "maxAttempts", "timeoutMs", "backoffMs", "routing", "target"];

    private readonly TaskRequestParser.FieldReader _fields = new(prefix, errors);
    private string? _type, _queue, _payload;
    private long? _priority, _maxAttempts, _timeoutMs, _backoffMs;
    private TaskRouting? _routing;
    private TaskTarget? _target;

    /// <summary>Reads <paramref name="name"/> when it is one of <see cref="Names"/>; false for any other property.</summary>
    public bool TryRead(string name, JsonElement value)
    {
        switch (name)
        {
            case "type": _type = _fields.String("type", value); return true;
            case "queue": _queue = _fields.String("queue", value); return true;
            case "payload": _payload = value.GetRawText(); return true;
            case "priority": _priority = _fields.WholeNumber("priority", value); return true;
            case "maxAttempts": _maxAttempts = _fields.WholeNumber("maxAttempts", value); return true;
            case "timeoutMs": _timeoutMs = _fields.WholeNumber("timeoutMs", value); return true;
            case "backoffMs": _backoffMs = _fields.WholeNumber("backoffMs", value); return true;
            case "routing": _routing = RoutingRequestParser.Parse(value, prefix + "routing", errors); return true;
            case "target": _target = TargetRequestParser.Parse(value, prefix + "target", errors); return true;
            default: return false;
        }
    }

    /// <summary>Whether the payload is larger than <paramref name="maxPayloadBytes"/> in UTF-8.</summary>
    public bool PayloadTooLarge(int maxPayloadBytes) => Encoding.UTF8.GetByteCount(Payload) > maxPayloadBytes;

    /// <summary>The fields as a task submission (as a schedule's template would submit them).</summary>
    public TaskSubmission ToSubmission() => ToScheduleTemplate().ToSubmission();

    /// <summary>The fields as a schedule's task template.</summary>
    public ScheduleTaskTemplate ToScheduleTemplate() => new()
    {
        Type = Type,
        Queue = _queue ?? TaskLimits.DefaultQueue,
        Payload = Payload,
        Priority = Priority,
        MaxAttempts = MaxAttempts,
        Timeout = Timeout,
        Backoff = Backoff,
        Routing = _routing,
        Target = _target,
    };

    // A task for a grain is named after it unless it says otherwise.
    private string Type => _type ?? _target?.Grain ?? "";
    private string Payload => _payload ?? "null";
    private int Priority => TaskRequestParser.ToInt(_priority ?? 0);
    private int MaxAttempts => TaskRequestParser.ToInt(_maxAttempts ?? TaskLimits.DefaultMaxAttempts);
    // Out-of-range values are clamped to just past the bound, so the validator reports the bound.
    private TimeSpan Timeout => _timeoutMs is { } timeout ? TaskRequestParser.Milliseconds(timeout, TaskLimits.MaxTimeout) : TaskLimits.DefaultTimeout;
    private TimeSpan Backoff => _backoffMs is { } backoff ? TaskRequestParser.Milliseconds(backoff, TaskLimits.MaxBackoff) : TaskLimits.DefaultBackoff;
}
