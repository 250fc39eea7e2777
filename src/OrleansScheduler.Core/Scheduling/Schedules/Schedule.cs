namespace OrleansScheduler.Scheduling.Schedules;

/// <summary>A stored schedule: its <see cref="Definition"/> and the state the store and the firer keep.</summary>
public sealed record Schedule
{
    /// <summary>What the client defined.</summary>
    public required ScheduleDefinition Definition { get; init; }

    /// <summary>The schedule's name (its definition's).</summary>
    public string Name => Definition.Name;

    /// <summary>The tick that fires next; null while the schedule is disabled or when it has no tick left.</summary>
    public DateTimeOffset? NextFireAt { get; init; }

    /// <summary>When a tick last submitted a task (the firing time, not the tick's), if ever.</summary>
    public DateTimeOffset? LastFiredAt { get; init; }

    /// <summary>The task the last fired tick submitted, if any.</summary>
    public string? LastTaskId { get; init; }

    /// <summary>When the schedule was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When its definition last changed (created or replaced).</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
