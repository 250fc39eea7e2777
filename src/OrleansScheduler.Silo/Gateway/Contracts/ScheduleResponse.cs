using OrleansScheduler.Scheduling.Schedules;

namespace OrleansScheduler.Silo.Gateway.Contracts;

/// <summary>A cron schedule as the API shows it: its definition (policies in lower case, as requests give them) and its state.</summary>
internal sealed record ScheduleResponse
{
    /// <summary>The schedule's name.</summary>
    public required string Name { get; init; }
    /// <summary>The cron expression as given.</summary>
    public required string Cron { get; init; }
    /// <summary>The time zone of its wall-clock times.</summary>
    public required string TimeZone { get; init; }
    /// <summary>The task each tick submits.</summary>
    public required ScheduleTaskResponse Task { get; init; }
    /// <summary>Whether it fires.</summary>
    public bool Enabled { get; init; }
    /// <summary>"allow" or "skip".</summary>
    public required string Overlap { get; init; }
    /// <summary>"none" or "once".</summary>
    public required string CatchUp { get; init; }
    /// <summary>The next tick; null while disabled or when no tick is left.</summary>
    public DateTimeOffset? NextFireAt { get; init; }
    /// <summary>When a tick last submitted a task.</summary>
    public DateTimeOffset? LastFiredAt { get; init; }
    /// <summary>The task the last fired tick submitted.</summary>
    public string? LastTaskId { get; init; }
    /// <summary>When the schedule was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>When its definition last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The response for <paramref name="schedule"/>.</summary>
    public static ScheduleResponse From(Schedule schedule)
    {
        var definition = schedule.Definition;
        return new ScheduleResponse
        {
            Name = definition.Name,
            Cron = definition.Cron,
            TimeZone = definition.TimeZone,
            Task = ScheduleTaskResponse.From(definition.Task),
            Enabled = definition.Enabled,
            Overlap = definition.Overlap == OverlapPolicy.Skip ? "skip" : "allow",
            CatchUp = definition.CatchUp == CatchUpPolicy.Once ? "once" : "none",
            NextFireAt = schedule.NextFireAt,
            LastFiredAt = schedule.LastFiredAt,
            LastTaskId = schedule.LastTaskId,
            CreatedAt = schedule.CreatedAt,
            UpdatedAt = schedule.UpdatedAt,
        };
    }
}
