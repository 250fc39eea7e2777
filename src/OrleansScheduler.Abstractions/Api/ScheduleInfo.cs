using OrleansScheduler.Scheduling.Schedules;

namespace OrleansScheduler.Api;

/// <summary>A cron schedule as the gateway shows it.</summary>
[GenerateSerializer, Alias("OrleansScheduler.ScheduleInfo")]
public sealed record ScheduleInfo
{
    /// <summary>The schedule's name.</summary>
    [Id(0)] public required string Name { get; init; }
    /// <summary>The cron expression.</summary>
    [Id(1)] public required string Cron { get; init; }
    /// <summary>The time zone the expression is read in.</summary>
    [Id(2)] public string? TimeZone { get; init; }
    /// <summary>The task each firing submits.</summary>
    [Id(3)] public required ScheduleTaskInfo Task { get; init; }
    /// <summary>Whether it fires.</summary>
    [Id(4)] public bool Enabled { get; init; }
    /// <summary>What it does when it fires while its last task runs.</summary>
    [Id(5)] public OverlapPolicy Overlap { get; init; }
    /// <summary>What it does about missed firings.</summary>
    [Id(6)] public CatchUpPolicy CatchUp { get; init; }
    /// <summary>When it fires next; null when disabled.</summary>
    [Id(7)] public DateTimeOffset? NextFireAt { get; init; }
    /// <summary>When it last fired; null before its first firing.</summary>
    [Id(8)] public DateTimeOffset? LastFiredAt { get; init; }
    /// <summary>The id of the task its last firing submitted.</summary>
    [Id(9)] public string? LastTaskId { get; init; }
    /// <summary>When it was created.</summary>
    [Id(10)] public DateTimeOffset CreatedAt { get; init; }
    /// <summary>When it was last changed.</summary>
    [Id(11)] public DateTimeOffset UpdatedAt { get; init; }
}
