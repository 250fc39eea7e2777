using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansScheduler.Grains;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Bench.Scenarios;

/// <summary>
/// Scenario 3: open-loop submits, one task per call, at a fixed rate (each submit is sent when it is
/// due, whether or not earlier ones have returned), to one in-process silo (capacity 100), along two
/// paths in turn: from inside the silo's process through its grain factory, as the co-hosted HTTP API
/// submits (metrics <c>@N/s …</c>), and through an Orleans client of the silo, as a gateway process
/// submits, across the silo's gateway connection (metrics <c>@N/s client …</c>); both end at the
/// submitter grain, the store's write and a grain message that wakes the worker. After a warm-up, for
/// every task: submit→start = from just before the submit call to its handler starting (one process,
/// one clock, µs resolution); submit→finished = submit→start + the store's FinishedAt − StartedAt
/// (both written by the silo on its Redis-server clock, whole ms). Not FinishedAt − CreatedAt alone:
/// those are whole milliseconds of the silo's estimate of the server's clock, too coarse for a figure
/// under a millisecond, where the submit side is timed in µs on one clock. The targets hold
/// for either path.
/// </summary>
public sealed class LatencyScenario : IScenario
{
    private const string Queue = "latency";
    private const int Capacity = 100;
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(60);

    /// <inheritdoc />
    public string Name => "latency";

    /// <inheritdoc />
    public async Task<IReadOnlyList<Measurement>> RunOnceAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var figures = new List<Measurement>();
        foreach (int rate in context.Sizes.LatencyRates)
        {
            figures.AddRange(await AtRateAsync(context, rate, throughClient: false, cancellationToken));
            figures.AddRange(await AtRateAsync(context, rate, throughClient: true, cancellationToken));
        }
        return figures;
    }

    private static async Task<IReadOnlyList<Measurement>> AtRateAsync(BenchContext context, int rate, bool throughClient, CancellationToken cancellationToken)
    {
        string prefix = BenchContext.NewKeyPrefix();
        try
        {
            var probe = new LatencyProbe();
            await using var silo = await InProcessSilo.StartAsync(context.Redis, prefix, Queue, Capacity, configure: s =>
            {
                s.Services.AddSingleton(probe);
                s.AddHandler<LatencyProbeHandler>(LatencyProbeHandler.Type);
            });
            await using var client = throughClient ? await SiloClient.ConnectAsync(silo) : null;
            // the harness's own reads of the outcomes, after the measured part, on a connection of their own
            await using var reader = await StandaloneStore.ConnectAsync(context.Redis, prefix);

            int warmup = (int)(rate * context.Sizes.LatencyWarmup.TotalSeconds);
            int total = warmup + (int)(rate * context.Sizes.LatencyDuration.TotalSeconds);
            var submitted = await SubmitOpenLoopAsync(client?.Submitter ?? silo.Submitter, rate, total, cancellationToken);
            await WaitAsync(() => probe.Count >= total, $"all {total} tasks of queue '{Queue}' to start", cancellationToken);

            var measured = submitted.Skip(warmup).ToArray();
            long Start(Submitted s) => probe.TryGetStart(s.Id, out long started)
                ? started
                : throw new InvalidOperationException($"Task '{s.Id}' of queue '{Queue}' never started.");
            var toStart = measured.Select(s => Stopwatch.GetElapsedTime(s.SubmitTimestamp, Start(s)).TotalMilliseconds).Order().ToArray();
            var runTimes = await RunTimesAsync(reader.Store, measured.Select(s => s.Id).ToArray(), cancellationToken);
            var toFinish = measured.Select(s => Stopwatch.GetElapsedTime(s.SubmitTimestamp, Start(s)).TotalMilliseconds + runTimes[s.Id])
                .Order().ToArray();
            // the submit call alone (until it returns): how much of submit→start is the call into the cluster and the store's write
            var call = measured.Select(s => Stopwatch.GetElapsedTime(s.SubmitTimestamp, s.ReturnTimestamp).TotalMilliseconds).Order().ToArray();

            string at = throughClient ? $"@{rate}/s client" : $"@{rate}/s";
            context.Log.WriteLine($"  latency {at}: submit→start p50 {Percentiles.Of(toStart, 50):F2} ms p99 {Percentiles.Of(toStart, 99):F2} ms, " +
                                  $"submit→finished p50 {Percentiles.Of(toFinish, 50):F0} ms p99 {Percentiles.Of(toFinish, 99):F0} ms");
            Target? p50Goal = rate <= 1000 ? Target.Max(1) : null;
            Target? p99Goal = rate <= 1000 ? Target.Max(3) : rate <= 5000 ? Target.Max(5) : null;
            return
            [
                new($"{at} submit→start p50", "ms", Percentiles.Of(toStart, 50), p50Goal),
                new($"{at} submit→start p90", "ms", Percentiles.Of(toStart, 90)),
                new($"{at} submit→start p99", "ms", Percentiles.Of(toStart, 99), p99Goal),
                new($"{at} submit→start max", "ms", toStart[^1]),
                new($"{at} submit→finished p50", "ms", Percentiles.Of(toFinish, 50)),
                new($"{at} submit→finished p90", "ms", Percentiles.Of(toFinish, 90)),
                new($"{at} submit→finished p99", "ms", Percentiles.Of(toFinish, 99)),
                new($"{at} submit→finished max", "ms", toFinish[^1]),
                new($"{at} submit call p50", "ms", Percentiles.Of(call, 50)),
                new($"{at} submit call p99", "ms", Percentiles.Of(call, 99)),
            ];
        }
        finally
        {
            await context.Admin.DeleteKeysAsync(prefix);
        }
    }

    private sealed record Submitted(string Id, long SubmitTimestamp, long ReturnTimestamp);

    /// <summary>Sends submit i at start + i/rate (open loop: never waits for earlier submits to return).</summary>
    private static async Task<Submitted[]> SubmitOpenLoopAsync(ISubmitterGrain submitter, int rate, int total, CancellationToken cancellationToken)
    {
        var calls = new Task<Submitted>[total];
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < total; i++)
        {
            double dueMs = i * 1000.0 / rate;
            double waitMs = dueMs - Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            // Sleep, not spin: a spinning pacer on 2 cores starves the Orleans and Redis clients' own threads.
            // Task.Delay is ~1 ms coarse, so submits due within the same millisecond go together.
            if (waitMs > 0) await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, waitMs)), cancellationToken);
            calls[i] = SubmitOneAsync(submitter, i);
        }
        return await Task.WhenAll(calls);
    }

    private static async Task<Submitted> SubmitOneAsync(ISubmitterGrain submitter, int i)
    {
        long timestamp = Stopwatch.GetTimestamp();
        var submitted = await submitter.SubmitAsync(new TaskSubmission { Type = LatencyProbeHandler.Type, Queue = Queue, Payload = "{\"i\":" + i + "}" });
        return new Submitted(submitted.Id, timestamp, Stopwatch.GetTimestamp());
    }

    /// <summary>FinishedAt − StartedAt of each task (ms, by id), once every one has finished.</summary>
    private static async Task<IReadOnlyDictionary<string, double>> RunTimesAsync(ITaskStore store, string[] ids, CancellationToken cancellationToken)
    {
        var latencies = new ConcurrentDictionary<string, double>();
        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (id, token) =>
        {
            while (true)
            {
                var task = await store.GetAsync(id, token) ?? throw new InvalidOperationException($"Task '{id}' of queue '{Queue}' is gone.");
                if (task is { FinishedAt: { } finished, StartedAt: { } started })
                {
                    latencies[id] = (finished - started).TotalMilliseconds;
                    return;
                }
                if (stopwatch.Elapsed > DrainLimit)
                    throw new TimeoutException($"Task '{id}' of queue '{Queue}' is still {task.Status}; expected Succeeded within {DrainLimit.TotalSeconds} s.");
                await Task.Delay(10, token); // polling a task that has not finished yet
            }
        });
        return latencies;
    }

    private static async Task WaitAsync(Func<bool> condition, string what, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!condition())
        {
            if (stopwatch.Elapsed > DrainLimit) throw new TimeoutException($"Timed out after {DrainLimit.TotalSeconds} s waiting for {what}.");
            await Task.Delay(10, cancellationToken); // polling interval
        }
    }
}
