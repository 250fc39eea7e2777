using Microsoft.Extensions.DependencyInjection;
using OrleansScheduler.Storage;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Server.Tests.Infrastructure;

/// <summary>Counts the calls of <see cref="ITaskStore.ListRunningOwnersAsync"/>: each failover backstop run makes one per queue.</summary>
public sealed class OwnerListingCounter
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Wraps the silo's registered task store (call it after the store is chosen).</summary>
    public void Decorate(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(ITaskStore));
        var inner = registered.ImplementationFactory ?? throw new InvalidOperationException("The task store is expected to be registered by a factory.");
        services.Add(ServiceDescriptor.Singleton<ITaskStore>(sp => new Counting((ITaskStore)inner(sp), this)));
    }

    private sealed class Counting(ITaskStore inner, OwnerListingCounter counter) : DelegatingTaskStore(inner)
    {
        public override Task<IReadOnlyList<RunningOwner>> ListRunningOwnersAsync(string queue, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref counter._count);
            return base.ListRunningOwnersAsync(queue, cancellationToken);
        }
    }
}
