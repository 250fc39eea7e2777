using Microsoft.Extensions.DependencyInjection;
using OrleansScheduler.Hosting;
using OrleansScheduler.Membership;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Storage.InMemory;

namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>Silos sharing one in-memory task store, membership table and schedule store, as the testing host runs them.</summary>
public sealed class InMemoryClusterFixture : ClusterFixture
{
    private readonly InMemoryTaskStore _tasks = new();
    private readonly InMemoryClusterStore _cluster = new();
    private readonly InMemoryScheduleStore _schedules = new();

    /// <inheritdoc />
    protected override Task<IReadOnlyDictionary<string, string?>> StoreSettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>());

    /// <inheritdoc />
    protected override void ConfigureServices(IServiceCollection services) => services.AddScheduler().UseInMemory(_tasks, _cluster, _schedules);
}
