using OrleansScheduler.Storage;
using OrleansScheduler.Storage.InMemory;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Core.Tests;

public sealed class InMemoryRetriedTransitionContractTests : RetriedTransitionContract
{
    protected override Task<ITaskStore> CreateStoreAsync(TimeProvider clock, HistoryLimits history) =>
        Task.FromResult<ITaskStore>(new InMemoryTaskStore(clock, history: history));
}
