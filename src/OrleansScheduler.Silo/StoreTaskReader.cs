using OrleansScheduler.Api;
using OrleansScheduler.Http;
using OrleansScheduler.Storage;

namespace OrleansScheduler.Silo;

/// <summary>The co-hosted API's <see cref="ILocalTaskReader"/>: the silo's own task store.</summary>
internal sealed class StoreTaskReader(ITaskStore store) : ILocalTaskReader
{
    public async Task<TaskInfo?> GetAsync(string id) => (await store.GetAsync(id))?.ToInfo();
}
