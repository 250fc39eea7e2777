using Microsoft.Extensions.DependencyInjection;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Server.Tests.Infrastructure;

/// <summary>
/// A silo's task store whose completions take <paramref name="delay"/> to arrive, as over a slow
/// network: it shows whether a silo waits for its outcomes to be stored before it reports a drain
/// as done. Everything else passes straight through.
/// </summary>
public sealed class SlowCompletionsTaskStore(ITaskStore inner, TimeSpan delay) : DelegatingTaskStore(inner)
{
    /// <summary>Wraps the silo's registered task store (call it after the store is chosen).</summary>
    public static void Decorate(IServiceCollection services, TimeSpan delay)
    {
        var registered = services.Last(d => d.ServiceType == typeof(ITaskStore));
        Func<IServiceProvider, object> inner = registered.ImplementationInstance is { } instance ? _ => instance
            : registered.ImplementationFactory ?? throw new InvalidOperationException("The task store is expected to be registered as an instance or by a factory.");
        services.Add(ServiceDescriptor.Singleton<ITaskStore>(sp => new SlowCompletionsTaskStore((ITaskStore)inner(sp), delay)));
    }

    public override async Task<IReadOnlyList<OutcomeResult>> CompleteAsync(IReadOnlyList<TaskCompletion> completions, CancellationToken cancellationToken = default)
    {
        await Task.Delay(delay, cancellationToken);
        return await Inner.CompleteAsync(completions, cancellationToken);
    }
}
