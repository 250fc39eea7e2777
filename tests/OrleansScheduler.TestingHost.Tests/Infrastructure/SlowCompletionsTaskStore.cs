using Microsoft.Extensions.DependencyInjection;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.TestingHost.Tests.Infrastructure;

/// <summary>
/// A silo's task store whose completions take <paramref name="delay"/> to arrive, as over a slow
/// network: it shows whether a silo waits for its outcomes to be stored before it reports a drain
/// as done. Everything else passes straight through.
/// </summary>
public sealed class SlowCompletionsTaskStore(ITaskStore inner, TimeSpan delay) : DelegatingTaskStore(inner)
{
    /// <summary>Wraps the silo's registered task store (run from <c>ConfigureServices</c>, after the store is chosen).</summary>
    public static void Decorate(IServiceCollection services, TimeSpan delay)
    {
        var registered = services.Last(d => d.ServiceType == typeof(ITaskStore));
        var factory = registered.ImplementationFactory ?? throw new InvalidOperationException("The task store is expected to be registered by a factory.");
        services.Add(ServiceDescriptor.Singleton<ITaskStore>(sp => new SlowCompletionsTaskStore((ITaskStore)factory(sp), delay)));
    }

    public override async Task<IReadOnlyList<OutcomeResult>> CompleteAsync(IReadOnlyList<TaskCompletion> completions, CancellationToken cancellationToken = default)
    {
        await Task.Delay(delay, cancellationToken);
        return await Inner.CompleteAsync(completions, cancellationToken);
    }
}
