using OrleansScheduler.Scheduling.Schedules;

namespace OrleansScheduler.Api;

/// <summary>
/// A cron schedule to create (<c>POST /api/schedules</c>)
/// or to put under its name (<c>PUT /api/schedules/{name}</c>). A
/// property left null is not sent, so the gateway applies its default.
/// </summary>
[GenerateSerializer, Alias("OrleansScheduler.ScheduleRequest")]
public sealed record ScheduleRequest
{
    /// <summary>The schedule's name, unique in the cluster.</summary>
    [Id(0)] public required string Name { get; init; }
    /// <summary>The cron expression, e.g. <c>"*/5 * * * *"</c>.</summary>
    [Id(1)] public required string Cron { get; init; }
    /// <summary>The time zone the expression is read in (an IANA id such as <c>"Europe/Paris"</c>); the gateway's default is UTC.</summary>
    [Id(2)] public string? TimeZone { get; init; }
    /// <summary>The task each firing submits.</summary>
    [Id(3)] public required ScheduleTaskInfo Task { get; init; }
    /// <summary>Whether it fires (the gateway's default is true).</summary>
    [Id(4)] public bool? Enabled { get; init; }
    /// <summary>What to do when it fires while its last task runs (the gateway's default is <see cref="OverlapPolicy.Allow"/>).</summary>
    [Id(5)] public OverlapPolicy? Overlap { get; init; }
    /// <summary>What to do about missed firings (the gateway's default is <see cref="CatchUpPolicy.None"/>).</summary>
    [Id(6)] public CatchUpPolicy? CatchUp { get; init; }
}
