using System.Text.Json;
using OrleansScheduler.Handlers.BuiltIn;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Bench.Scenarios;

/// <summary>
/// Scenario 8: fan-out / fan-in. One <c>sum-of-squares</c> parent, submitted through the submitter grain
/// of one in-process silo (capacity 100), spawns N <c>sum-of-squares-chunk</c> children in its own queue
/// and joins them. From the store's records once the parent has succeeded: children/s = N ÷ (the
/// parent's first attempt starting → the latest child's FinishedAt), and the join latency = the join
/// attempt's StartedAt − that latest FinishedAt: how long the parent takes to be released and claimed
/// again once its last child is done. Both ends are the silo's Redis-server clock in whole
/// milliseconds, so a join latency under 1 ms reads 0.
/// </summary>
public sealed class FanOutScenario : IScenario
{
    /// <summary>The join should start within 50 ms of the last child finishing.</summary>
    public static readonly Target JoinGoal = Target.Max(50);

    private const string Queue = "fanout";
    private const int Capacity = 100;
    // Each child squares 100 numbers (a few µs), so children/s is the scheduler's cost per child, not the handler's.
    private const int Chunk = 100;

    /// <inheritdoc />
    public string Name => "fanout";

    /// <inheritdoc />
    public async Task<IReadOnlyList<Measurement>> RunOnceAsync(BenchContext context, CancellationToken cancellationToken)
    {
        string prefix = BenchContext.NewKeyPrefix();
        try
        {
            await using var silo = await InProcessSilo.StartAsync(context.Redis, prefix, Queue, Capacity);
            // the harness's own reads, on a connection of their own so they do not queue behind the silo's
            await using var reader = await StandaloneStore.ConnectAsync(context.Redis, prefix);
            int children = context.Sizes.FanOutChildren;
            var parent = await silo.Submitter.SubmitAsync(new TaskSubmission
            {
                Type = "sum-of-squares",
                Queue = Queue,
                Payload = $"{{\"n\":{(long)children * Chunk},\"chunk\":{Chunk}}}",
                MaxAttempts = 1, // a retried spawn or join would hide inside the figures; fail the run instead
            });

            var family = await FamilyTimings.ReadAsync(reader.Store, parent.Id, children, cancellationToken);
            var outcome = JsonSerializer.Deserialize<SumOfSquaresHandler.Outcome>(family.Parent.Result ?? "null", JsonSerializerOptions.Web);
            if (outcome is not { Correct: true } || outcome.Children != children)
                throw new InvalidOperationException($"Parent '{parent.Id}' of queue '{Queue}' joined to {family.Parent.Result}; expected a correct sum of {children} children.");

            double perSecond = children / (family.LastChildFinished - family.SpawnStarted).TotalSeconds;
            double joinMs = (family.JoinStarted - family.LastChildFinished).TotalMilliseconds;
            context.Log.WriteLine($"  fanout {children} children: {perSecond:F0} children/s, join {joinMs:F0} ms after the last child, "
                + $"spawn attempt {family.SpawnTime.TotalMilliseconds:F0} ms, join step {family.JoinTime.TotalMilliseconds:F0} ms");
            return
            [
                new($"{children} children", "tasks/s", perSecond),
                new("join after last child", "ms", joinMs, JoinGoal),
                new("spawn attempt", "ms", family.SpawnTime.TotalMilliseconds),
                new("join step", "ms", family.JoinTime.TotalMilliseconds),
            ];
        }
        finally
        {
            await context.Admin.DeleteKeysAsync(prefix);
        }
    }
}
