using OrleansScheduler.Api;
using OrleansScheduler.Http;
using OrleansScheduler.Server.Routing;

namespace OrleansScheduler.Silo;

/// <summary>The co-hosted API's <see cref="ILocalTaskReader"/>: the silo's own task store, with its routing snapshot.</summary>
internal sealed class StoreTaskReader(TaskInfoReader reader) : ILocalTaskReader
{
    public Task<TaskInfo?> GetAsync(string id) => reader.GetAsync(id);
}
