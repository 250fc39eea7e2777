using OrleansScheduler.Membership;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Core.Tests;

public sealed class InMemoryClusterStoreContractTests : ClusterStoreContract
{
    protected override Task<IClusterStore> CreateStoreAsync(TimeProvider clock) =>
        Task.FromResult<IClusterStore>(new InMemoryClusterStore(clock));
}
