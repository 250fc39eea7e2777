using OrleansScheduler.Api;
using OrleansScheduler.Grains;
using OrleansScheduler.Scheduling.Schedules;

namespace OrleansScheduler.Server.Grains;

/// <summary><see cref="IScheduleGrain"/>: the schedule its key names, in the schedule store.</summary>
internal sealed class ScheduleGrain(IScheduleStore schedules) : Grain, IScheduleGrain
{
    private string Name => this.GetPrimaryKeyString();

    public async Task<ScheduleInfo> CreateAsync(ScheduleDefinition definition) => (await schedules.CreateAsync(Named(definition))).ToInfo();

    public async Task<ScheduleUpsert> PutAsync(ScheduleDefinition definition)
    {
        var (schedule, created) = await schedules.UpsertAsync(Named(definition));
        return new ScheduleUpsert(created, schedule.ToInfo());
    }

    public async Task<ScheduleInfo?> GetAsync() => (await schedules.GetAsync(Name))?.ToInfo();

    public Task<bool> DeleteAsync() => schedules.DeleteAsync(Name);

    private ScheduleDefinition Named(ScheduleDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.Name == Name
            ? definition
            : throw new ArgumentException($"name '{definition.Name}' must be the schedule's own, '{Name}'.", nameof(definition));
    }
}
