using System.Diagnostics;

namespace OrleansScheduler.Handlers.BuiltIn;

/// <summary><c>cpu</c>: payload <c>{"ms":N}</c>; keeps a core busy for N milliseconds (checks cancellation as it spins).</summary>
public sealed class CpuHandler : TaskHandler<CpuHandler.Payload>
{
    /// <summary>The payload of <c>cpu</c>.</summary>
    public sealed record Payload(int Ms);

    /// <inheritdoc />
    protected override Task<object?> HandleAsync(Payload payload, TaskContext context)
    {
        var watch = Stopwatch.StartNew();
        long spins = 0;
        while (watch.ElapsedMilliseconds < payload.Ms)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            for (int i = 0; i < 10_000; i++) spins += i & 1;
        }
        return Task.FromResult<object?>(new { spunMs = watch.ElapsedMilliseconds, spins });
    }
}
