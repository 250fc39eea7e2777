using Microsoft.Extensions.DependencyInjection;
using OrleansScheduler.Hosting;
using OrleansScheduler.Membership;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Storage.InMemory;

namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>A silo on the embedded in-memory store (the default when no Redis is configured).</summary>
public sealed class InMemorySiloFixture : SiloFixture
{
    /// <inheritdoc />
    public override string SiloId => "memory-silo";

    /// <inheritdoc />
    protected override Task<IReadOnlyDictionary<string, string?>> SettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>());

    /// <inheritdoc />
    protected override void ShareStore(IServiceCollection services) =>
        services.AddScheduler().UseInMemory((InMemoryTaskStore)Store, (InMemoryClusterStore)Factory.Services.GetRequiredService<IClusterStore>(),
            (InMemoryScheduleStore)Factory.Services.GetRequiredService<IScheduleStore>());
}
