using System.Numerics;
using OrleansScheduler.Families;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Handlers.BuiltIn;

/// <summary>
/// <c>sum-of-squares</c>, the map-reduce example: payload <c>{"n":N,"chunk":C}</c>. Its first run splits
/// 1..N into chunks of C and spawns one <c>sum-of-squares-chunk</c> child per chunk (in its own queue, or
/// <c>"childQueue"</c>), failing fast; its join step adds the children's sums and checks the total against
/// the closed form N(N+1)(2N+1)/6. Sums are decimal strings: they pass what a 64-bit integer holds.
/// </summary>
public sealed class SumOfSquaresHandler : TaskHandler<SumOfSquaresHandler.Payload>
{
    /// <summary>The payload of <c>sum-of-squares</c>.</summary>
    /// <param name="N">The last number to square, at least 1.</param>
    /// <param name="Chunk">How many numbers one child squares, at least 1.</param>
    /// <param name="ChildQueue">The children's queue; null for the parent's own.</param>
    public sealed record Payload(long N, long Chunk, string? ChildQueue = null);

    /// <summary>The join step's result.</summary>
    /// <param name="N">The last number squared.</param>
    /// <param name="Children">How many children computed it.</param>
    /// <param name="Sum">The sum the children's results add up to.</param>
    /// <param name="Expected">N(N+1)(2N+1)/6.</param>
    /// <param name="Correct">Whether the two agree.</param>
    public sealed record Outcome(long N, int Children, string Sum, string Expected, bool Correct);

    /// <inheritdoc />
    protected override async Task<object?> HandleAsync(Payload payload, TaskContext context)
    {
        if (payload.N < 1 || payload.Chunk < 1) throw new NonRetryableTaskException($"sum-of-squares needs n ≥ 1 and chunk ≥ 1 (got n = {payload.N}, chunk = {payload.Chunk}).");
        if (context.IsJoin) return await JoinAsync(payload, context).ConfigureAwait(false);
        string queue = payload.ChildQueue ?? context.Queue;
        var children = new List<TaskSubmission>();
        for (long from = 1; from <= payload.N; from += payload.Chunk)
        {
            long to = Math.Min(payload.N, from + payload.Chunk - 1);
            children.Add(new TaskSubmission { Type = SquaresChunkHandler.Type, Queue = queue, Payload = $"{{\"from\":{from},\"to\":{to}}}" });
        }
        await context.SpawnChildrenAsync(children, ChildFailurePolicy.FailFast).ConfigureAwait(false);
        return context.WaitForChildren();
    }

    private static async Task<object?> JoinAsync(Payload payload, TaskContext context)
    {
        var sum = BigInteger.Zero;
        int children = 0;
        await foreach (var child in context.Children.ConfigureAwait(false))
        {
            if (child.Status != TaskState.Succeeded) throw new NonRetryableTaskException($"Child '{child.Id}' ended {child.Status}: {child.Error}");
            sum += BigInteger.Parse(child.GetResult<string>()!, System.Globalization.CultureInfo.InvariantCulture);
            children++;
        }
        var n = new BigInteger(payload.N);
        var expected = n * (n + 1) * (2 * n + 1) / 6;
        return new Outcome(payload.N, children, sum.ToString(System.Globalization.CultureInfo.InvariantCulture),
            expected.ToString(System.Globalization.CultureInfo.InvariantCulture), sum == expected);
    }
}
