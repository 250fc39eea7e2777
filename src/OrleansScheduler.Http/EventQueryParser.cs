using System.Globalization;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Http;

/// <summary>
/// Reads what <c>GET /api/events</c> is asked for: <c>queue</c> (required) and where to resume,
/// from the <c>Last-Event-ID</c> header or the <c>after</c> parameter. The header wins when both
/// are given: an EventSource that reconnects sends the id of the last event it saw in the header
/// while its URL still carries the <c>after</c> it first started from.
/// </summary>
internal static class EventQueryParser
{
    /// <summary>The query parameters the stream takes; unknown or repeated ones are refused, like the task list's.</summary>
    public static readonly IReadOnlyList<string> Parameters = ["queue", "after"];

    /// <summary>The request header an SSE client resumes with.</summary>
    public const string LastEventIdHeader = "Last-Event-ID";

    /// <summary>What an event id looks like, for error messages.</summary>
    private const string IdShape = "an event id '<ms>-<seq>' (or '<ms>') as the stream's id lines carry";

    /// <summary>The stream asked for, or every problem with the request.</summary>
    public static (EventStreamRequest? Request, IReadOnlyList<ValidationError> Errors) Parse(HttpRequest request)
    {
        var errors = new List<ValidationError>();
        var values = TaskQueryParser.Read(request.Query, Parameters, errors);

        string? queue = values.GetValueOrDefault("queue");
        if (queue is null && !request.Query.ContainsKey("queue"))
            errors.Add(new ValidationError("queue", "queue is required: the stream is of one queue's events, e.g. ?queue=default."));
        else if (queue is not null && !TaskLimits.IsValidQueue(queue))
            errors.Add(new ValidationError("queue", $"queue '{Text.Clip(queue)}' must match {TaskLimits.QueuePattern}."));

        string? after = values.GetValueOrDefault("after");
        string afterField = "after";
        if (after is not null && !IsEventId(after))
            errors.Add(new ValidationError("after", $"after '{Text.Clip(after)}' must be {IdShape}."));

        var header = request.Headers[LastEventIdHeader];
        if (header.Count > 1)
            errors.Add(new ValidationError(LastEventIdHeader, $"{LastEventIdHeader} is given {header.Count} times; give it once."));
        else if (header.Count == 1 && header[0] is { Length: > 0 } lastEventId)
        {
            if (IsEventId(lastEventId)) (after, afterField) = (lastEventId, LastEventIdHeader);
            else errors.Add(new ValidationError(LastEventIdHeader, $"{LastEventIdHeader} '{Text.Clip(lastEventId)}' must be {IdShape}."));
        }
        // An empty Last-Event-ID is what an EventSource sends before it has seen an id: start from after, or the oldest kept.

        return errors.Count > 0 ? (null, errors) : (new EventStreamRequest(queue!, after, afterField), errors);
    }

    /// <summary>
    /// True for <c>&lt;ms&gt;-&lt;seq&gt;</c> or <c>&lt;ms&gt;</c> with parts that fit a 64-bit
    /// integer: the stores' event ids, which both of them compare as numbers.
    /// </summary>
    private static bool IsEventId(string value)
    {
        int dash = value.IndexOf('-');
        return dash < 0 ? IsNumber(value) : IsNumber(value[..dash]) && IsNumber(value[(dash + 1)..]);
    }

    private static bool IsNumber(string part) =>
        part.Length > 0 && part.All(char.IsAsciiDigit) && long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out _);
}
