namespace OrleansScheduler.Silo.Gateway.Contracts;

// Documents the body for OpenAPI only: the gateway parses bodies itself (ScheduleRequestParser) so
// its errors can name fields precisely. Keep the two in step.

/// <summary>A cron schedule. <c>name</c> (POST only; a PUT takes it from the path), <c>cron</c> and <c>task.type</c> are required. Unknown fields are refused.</summary>
internal sealed record ScheduleBody
{
    /// <summary>The schedule's name: 1–64 of letters, digits, '.', '_' and '-'. In a PUT it may be left out, or must equal the path's.</summary>
    public string? Name { get; init; }
    /// <summary>5 fields (minute hour day-of-month month day-of-week), 6 with seconds first, or a macro such as @daily.</summary>
    public required string Cron { get; init; }
    /// <summary>The IANA time zone of the expression's wall-clock times (default "UTC").</summary>
    public string? TimeZone { get; init; }
    /// <summary>The task each tick submits.</summary>
    public required ScheduleTaskBody Task { get; init; }
    /// <summary>Whether the schedule fires (default true).</summary>
    public bool? Enabled { get; init; }
    /// <summary>"allow" (default) or "skip": skip a tick while the previous tick's task has not finished.</summary>
    public string? Overlap { get; init; }
    /// <summary>"none" (default) or "once": after ticks were missed for over 60 s, fire one task for them.</summary>
    public string? CatchUp { get; init; }
}
