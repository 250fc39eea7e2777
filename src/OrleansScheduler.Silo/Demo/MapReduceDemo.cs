using System.Diagnostics;
using System.Text.Json;
using OrleansScheduler.Api;
using OrleansScheduler.Client;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Silo.Demo;

/// <summary>
/// <c>demo mapreduce</c>: submits one <c>sum-of-squares</c> task through the gateway, whose handler splits
/// 1..N into chunks, one child per chunk (run in parallel by every silo serving the queue), and whose join
/// step adds the children's sums. Prints the result, the number of children and the wall time, and checks
/// the result against the closed form N(N+1)(2N+1)/6: exit code 0 when they agree.
/// </summary>
internal sealed class MapReduceDemo(SchedulerClient client, TextWriter output)
{
    /// <summary>Runs the demo once; returns the exit code.</summary>
    public async Task<int> RunAsync(MapReduceOptions options, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var submitted = await client.SubmitAsync(SubmitTaskRequest.Create("sum-of-squares", new { n = options.N, chunk = options.Chunk }) with { Queue = options.Queue },
            cancellationToken);
        long chunks = (options.N + options.Chunk - 1) / options.Chunk;
        await output.WriteLineAsync($"Submitted task {submitted.Id}: the sum of squares of 1..{options.N:N0} in {chunks:N0} children of {options.Chunk:N0}.");

        TaskInfo? task = null;
        int lastProgress = -1;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        try
        {
            while (task is null || !task.Status.IsTerminal())
            {
                task = await client.WaitAsync(submitted.Id, TimeSpan.FromSeconds(1), deadline.Token);
                if (task is null) break;
                if (task.Progress is { } progress && progress != lastProgress && task.ChildCount > 0)
                {
                    await output.WriteLineAsync($"  {task.ChildrenFinished:N0} of {task.ChildCount:N0} children finished ({progress}%)");
                    lastProgress = progress;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await output.WriteLineAsync($"Gave up after {options.Timeout.TotalSeconds:F0} s: task {submitted.Id} is {task?.Status.ToString() ?? "unknown"}.");
            return 1;
        }

        if (task is not { Status: TaskState.Succeeded, Result: { } result })
        {
            await output.WriteLineAsync($"Task {submitted.Id} ended {task?.Status.ToString() ?? "deleted"}: {task?.Error}");
            return 1;
        }
        var outcome = result.Deserialize<Outcome>(JsonSerializerOptions.Web)!;
        await output.WriteLineAsync($"Sum of squares of 1..{options.N:N0} = {outcome.Sum}");
        await output.WriteLineAsync($"Children: {outcome.Children:N0}; wall time: {watch.Elapsed.TotalSeconds:F2} s");
        await output.WriteLineAsync(outcome.Correct
            ? $"Checked against N(N+1)(2N+1)/6 = {outcome.Expected}: correct."
            : $"Checked against N(N+1)(2N+1)/6 = {outcome.Expected}: WRONG.");
        return outcome.Correct ? 0 : 1;
    }

    /// <summary>The join step's result, as <c>SumOfSquaresHandler.Outcome</c> writes it.</summary>
    private sealed record Outcome(long N, int Children, string Sum, string Expected, bool Correct);
}
