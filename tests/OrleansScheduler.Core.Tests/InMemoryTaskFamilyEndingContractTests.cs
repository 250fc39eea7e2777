using OrleansScheduler.Storage;
using OrleansScheduler.Storage.InMemory;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Core.Tests;

public sealed class InMemoryTaskFamilyEndingContractTests : TaskFamilyEndingContract
{
    protected override Task<ITaskStore> CreateStoreAsync(TimeProvider clock) =>
        Task.FromResult<ITaskStore>(new InMemoryTaskStore(clock));
}
