using OrleansScheduler.Tasks;

namespace OrleansScheduler.Scheduling.Schedules;

/// <summary>
/// Schedules in this process's memory, for silos that share one process (the embedded default and
/// the testing host). Same semantics as the Redis schedule store; one lock makes every call atomic.
/// </summary>
/// <param name="clock">Where "now" comes from.</param>
/// <param name="maxPayloadBytes">The payload limit of task templates, in UTF-8 bytes.</param>
public sealed class InMemoryScheduleStore(TimeProvider clock, int maxPayloadBytes = TaskLimits.DefaultMaxPayloadBytes) : IScheduleStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Schedule> _schedules = new(StringComparer.Ordinal);

    /// <summary>A store on the system clock with the default payload limit.</summary>
    public InMemoryScheduleStore() : this(TimeProvider.System) { }

    /// <inheritdoc />
    public Task<Schedule> CreateAsync(ScheduleDefinition definition, CancellationToken cancellationToken = default)
    {
        var now = Now();
        ScheduleValidator.ThrowIfInvalid(definition, now, maxPayloadBytes);
        var schedule = new Schedule { Definition = definition, NextFireAt = FirstTick(definition, now), CreatedAt = now, UpdatedAt = now };
        lock (_gate)
        {
            if (!_schedules.TryAdd(definition.Name, schedule)) throw new ScheduleAlreadyExistsException(definition.Name);
        }
        return Task.FromResult(schedule);
    }

    /// <inheritdoc />
    public Task<(Schedule Schedule, bool Created)> UpsertAsync(ScheduleDefinition definition, CancellationToken cancellationToken = default)
    {
        var now = Now();
        ScheduleValidator.ThrowIfInvalid(definition, now, maxPayloadBytes);
        var next = FirstTick(definition, now);
        lock (_gate)
        {
            bool created = !_schedules.TryGetValue(definition.Name, out var existing);
            var schedule = created
                ? new Schedule { Definition = definition, NextFireAt = next, CreatedAt = now, UpdatedAt = now }
                : existing! with { Definition = definition, NextFireAt = next, UpdatedAt = now };
            _schedules[definition.Name] = schedule;
            return Task.FromResult((schedule, created));
        }
    }

    /// <inheritdoc />
    public Task<Schedule?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult(_schedules.GetValueOrDefault(name));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Schedule>> ListAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult<IReadOnlyList<Schedule>>([.. _schedules.Values.OrderBy(s => s.Name, StringComparer.Ordinal)]);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Schedule>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<Schedule>>([.. _schedules.Values
                .Where(s => s.Definition.Enabled && s.NextFireAt <= now)
                .OrderBy(s => s.NextFireAt).ThenBy(s => s.Name, StringComparer.Ordinal)
                .Take(max)]);
        }
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult(_schedules.Remove(name));
    }

    /// <inheritdoc />
    public Task<bool> TryAdvanceAsync(string name, DateTimeOffset expectedNextFireAt, DateTimeOffset? nextFireAt, DateTimeOffset? firedAt = null,
        string? taskId = null, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_schedules.TryGetValue(name, out var schedule) || schedule.NextFireAt != Truncate(expectedNextFireAt)) return Task.FromResult(false);
            _schedules[name] = taskId is null
                ? schedule with { NextFireAt = Truncate(nextFireAt) }
                : schedule with { NextFireAt = Truncate(nextFireAt), LastFiredAt = Truncate(firedAt ?? Now()), LastTaskId = taskId };
            return Task.FromResult(true);
        }
    }

    /// <summary>The first tick after <paramref name="now"/>, or none while the schedule is disabled.</summary>
    private static DateTimeOffset? FirstTick(ScheduleDefinition definition, DateTimeOffset now) =>
        definition.Enabled ? definition.NextOccurrenceAfter(now) : null;

    /// <summary>Times are kept to the millisecond, as in Redis.</summary>
    private DateTimeOffset Now() => Truncate(clock.GetUtcNow())!.Value;

    private static DateTimeOffset? Truncate(DateTimeOffset? time) =>
        time is { } t ? DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds()) : null;
}
