namespace OrleansScheduler.Scheduling.Schedules;

/// <summary>A schedule with the name exists already; nothing was created.</summary>
[GenerateSerializer, Alias("OrleansScheduler.ScheduleAlreadyExistsException")]
public sealed class ScheduleAlreadyExistsException(string name)
    : Exception($"A schedule named '{name}' already exists; nothing was created (replace it with an upsert, or delete it first).")
{
    /// <summary>The name that is taken.</summary>
    [Id(0)] public string Name { get; } = name;
}
