using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Core.Tests;

public sealed class InMemoryScheduleStoreContractTests : ScheduleStoreContract
{
    protected override Task<IScheduleStore> CreateStoreAsync(TimeProvider clock, int maxPayloadBytes = 1024) =>
        Task.FromResult<IScheduleStore>(new InMemoryScheduleStore(clock, maxPayloadBytes));
}
