using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Storage.InMemory;

namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>
/// The silo's default: localhost clustering and the in-memory store. Later silos join the first one as
/// their primary silo and use its task and schedule store instances, as a test cluster in one process does.
/// </summary>
public sealed class InMemoryBackend : ClusterBackend
{
    /// <inheritdoc />
    public override Task<IReadOnlyDictionary<string, string?>> StartAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>());

    /// <inheritdoc />
    public override void Join(IServiceCollection services, SiloFactory first)
    {
        var tasks = (InMemoryTaskStore)first.Store;
        var schedules = (InMemoryScheduleStore)first.Services.GetRequiredService<IScheduleStore>();
        services.AddOrleans(silo => silo.UseInMemoryTaskStore(tasks, schedules));
        // Runs after UseLocalhostClustering's own default (the silo itself as primary).
        services.Configure<DevelopmentClusterMembershipOptions>(o => o.PrimarySiloEndpoint = new IPEndPoint(IPAddress.Loopback, first.SiloPort));
    }
}
