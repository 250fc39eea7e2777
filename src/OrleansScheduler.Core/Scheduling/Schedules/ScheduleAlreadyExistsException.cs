namespace OrleansScheduler.Scheduling.Schedules;

/// <summary>A schedule with the name exists already; nothing was created.</summary>
public sealed class ScheduleAlreadyExistsException(string name)
    : Exception($"A schedule named '{name}' already exists; nothing was created (replace it with an upsert, or delete it first).")
{
    /// <summary>The name that is taken.</summary>
    public string Name { get; } = name;
}
