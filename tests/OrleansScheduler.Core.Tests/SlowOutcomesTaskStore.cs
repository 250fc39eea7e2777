using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Core.Tests;

/// <summary>
/// A task store whose completions and failures take <paramref name="latency"/> to land, as over a
/// network: the engine claims again before the outcome of the attempt that just ended is stored.
/// </summary>
internal sealed class SlowOutcomesTaskStore(ITaskStore inner, TimeSpan latency) : DelegatingTaskStore(inner)
{
    public override async Task<IReadOnlyList<OutcomeResult>> CompleteAsync(IReadOnlyList<TaskCompletion> completions, CancellationToken cancellationToken = default)
    {
        await Task.Delay(latency, cancellationToken);
        return await Inner.CompleteAsync(completions, cancellationToken);
    }

    public override async Task<IReadOnlyList<OutcomeResult>> FailAsync(IReadOnlyList<TaskFailure> failures, CancellationToken cancellationToken = default)
    {
        await Task.Delay(latency, cancellationToken);
        return await Inner.FailAsync(failures, cancellationToken);
    }
}
