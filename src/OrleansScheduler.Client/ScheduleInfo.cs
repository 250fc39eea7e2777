namespace OrleansScheduler.Client;

/// <summary>A cron schedule as the gateway shows it.</summary>
public sealed record ScheduleInfo
{
    /// <summary>The schedule's name.</summary>
    public required string Name { get; init; }
    /// <summary>The cron expression.</summary>
    public required string Cron { get; init; }
    /// <summary>The time zone the expression is read in.</summary>
    public string? TimeZone { get; init; }
    /// <summary>The task each firing submits.</summary>
    public required ScheduleTaskTemplate Task { get; init; }
    /// <summary>Whether it fires.</summary>
    public bool Enabled { get; init; }
    /// <summary>What it does when it fires while its last task runs.</summary>
    public ScheduleOverlap Overlap { get; init; }
    /// <summary>What it does about missed firings.</summary>
    public ScheduleCatchUp CatchUp { get; init; }
    /// <summary>When it fires next; null when disabled.</summary>
    public DateTimeOffset? NextFireAt { get; init; }
    /// <summary>When it last fired; null before its first firing.</summary>
    public DateTimeOffset? LastFiredAt { get; init; }
    /// <summary>The id of the task its last firing submitted.</summary>
    public string? LastTaskId { get; init; }
    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>When it was last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
