using OrleansScheduler.Api;
using OrleansScheduler.Scheduling.Schedules;

namespace OrleansScheduler.Grains;

/// <summary>
/// One cron schedule, by name: create, put, read and delete it. The schedule lives in the store; the
/// scheduler grain fires it. An invalid definition is an <see cref="ArgumentException"/> naming the field.
/// </summary>
[Alias("OrleansScheduler.IScheduleGrain")]
public interface IScheduleGrain : IGrainWithStringKey
{
    /// <summary>Creates the schedule; a <c>ScheduleAlreadyExistsException</c> when the name is taken (nothing changes).</summary>
    [Alias("create")]
    Task<ScheduleInfo> CreateAsync(ScheduleDefinition definition);

    /// <summary>Creates the schedule or replaces its definition (its history kept).</summary>
    [Alias("put")]
    Task<ScheduleUpsert> PutAsync(ScheduleDefinition definition);

    /// <summary>The schedule, or null when there is none of this name.</summary>
    [Alias("get")]
    Task<ScheduleInfo?> GetAsync();

    /// <summary>Deletes the schedule (the tasks it submitted stay); false when there was none.</summary>
    [Alias("delete")]
    Task<bool> DeleteAsync();
}
