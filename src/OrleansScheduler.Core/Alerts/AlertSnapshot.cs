using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Alerts;

/// <summary>What the rules are evaluated over, read at <see cref="Now"/>.</summary>
public sealed record AlertSnapshot
{
    /// <summary>When it was read.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>Each queue's stats.</summary>
    public IReadOnlyList<QueueStats> Queues { get; init; } = [];

    /// <summary>The <c>failed</c> events (tasks dead-lettered) since the last evaluation.</summary>
    public IReadOnlyList<TaskEvent> Failures { get; init; } = [];

    /// <summary>The silos declared Dead since the last evaluation (addresses).</summary>
    public IReadOnlyList<string> DeadSilos { get; init; } = [];

    /// <summary>The cron schedules.</summary>
    public IReadOnlyList<Schedule> Schedules { get; init; } = [];
}
