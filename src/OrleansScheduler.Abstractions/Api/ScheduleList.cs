namespace OrleansScheduler.Api;

/// <summary>The answer of <c>GET /api/schedules</c>.</summary>
/// <param name="Schedules">Every schedule, sorted by name.</param>
[GenerateSerializer, Alias("OrleansScheduler.ScheduleList")]
public sealed record ScheduleList([property: Id(0)] IReadOnlyList<ScheduleInfo> Schedules);
