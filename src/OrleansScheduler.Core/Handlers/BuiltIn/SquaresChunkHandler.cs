using System.Globalization;
using System.Numerics;

namespace OrleansScheduler.Handlers.BuiltIn;

/// <summary><c>sum-of-squares-chunk</c>: payload <c>{"from":A,"to":B}</c>; returns the sum of i² for A ≤ i ≤ B as a decimal string (one child of <see cref="SumOfSquaresHandler"/>).</summary>
public sealed class SquaresChunkHandler : TaskHandler<SquaresChunkHandler.Payload>
{
    /// <summary>The task type this handler is registered under.</summary>
    public const string Type = "sum-of-squares-chunk";

    /// <summary>The payload of <c>sum-of-squares-chunk</c>.</summary>
    public sealed record Payload(long From, long To);

    /// <inheritdoc />
    protected override Task<object?> HandleAsync(Payload payload, TaskContext context)
    {
        var sum = BigInteger.Zero;
        for (long i = payload.From; i <= payload.To; i++)
        {
            if ((i & 0xFFFF) == 0) context.CancellationToken.ThrowIfCancellationRequested();
            sum += (BigInteger)i * i;
        }
        return Task.FromResult<object?>(sum.ToString(CultureInfo.InvariantCulture));
    }
}
