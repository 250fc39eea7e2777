namespace OrleansScheduler.Silo.Gateway.Contracts;

/// <summary>Every cron schedule, sorted by name. An object rather than a bare array so fields can be added.</summary>
internal sealed record ScheduleListResponse(IReadOnlyList<ScheduleResponse> Schedules);
