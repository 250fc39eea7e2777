namespace OrleansScheduler.Scheduling.Schedules;

/// <summary>
/// The cluster-wide port for cron schedules: their definitions and the state that makes each tick
/// fire once (<see cref="TryAdvanceAsync"/>, a compare-and-set). Every call is atomic; "now" comes
/// from the store's <see cref="TimeProvider"/>. Implementations: <see cref="InMemoryScheduleStore"/>
/// (silos in one process) and the Redis store; one contract suite runs against both.
/// </summary>
public interface IScheduleStore
{
    /// <summary>
    /// Stores a new schedule: created and updated now, its next tick the first one after now
    /// (none while disabled), no history.
    /// </summary>
    /// <exception cref="ArgumentException">The definition is invalid (<see cref="ScheduleValidator"/>); nothing was stored.</exception>
    /// <exception cref="ScheduleAlreadyExistsException">The name is taken; nothing was stored.</exception>
    Task<Schedule> CreateAsync(ScheduleDefinition definition, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates the schedule, or replaces the definition of the one with its name: the next tick is
    /// recomputed from now (none while disabled), and its creation time and history (last fired,
    /// last task) are kept. <c>Created</c> tells which happened.
    /// </summary>
    /// <exception cref="ArgumentException">The definition is invalid; nothing changed.</exception>
    Task<(Schedule Schedule, bool Created)> UpsertAsync(ScheduleDefinition definition, CancellationToken cancellationToken = default);

    /// <summary>The schedule, or null when there is none with the name.</summary>
    Task<Schedule?> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Every schedule, sorted by name.</summary>
    Task<IReadOnlyList<Schedule>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="max"/> enabled schedules whose next tick is at or before <paramref name="now"/>, earliest first.</summary>
    Task<IReadOnlyList<Schedule>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default);

    /// <summary>Removes the schedule; false when there was none with the name. Tasks it submitted stay.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// The compare-and-set that fires each tick once: when the schedule's next tick is still
    /// <paramref name="expectedNextFireAt"/>, sets it to <paramref name="nextFireAt"/> (null: no tick
    /// left) and, when <paramref name="taskId"/> is given, records the task and <paramref name="firedAt"/>
    /// (now when null) as the last fired. False, changing nothing, when the schedule is gone, was replaced or disabled, or
    /// another firer advanced it first.
    /// </summary>
    Task<bool> TryAdvanceAsync(string name, DateTimeOffset expectedNextFireAt, DateTimeOffset? nextFireAt, DateTimeOffset? firedAt = null,
        string? taskId = null, CancellationToken cancellationToken = default);
}
