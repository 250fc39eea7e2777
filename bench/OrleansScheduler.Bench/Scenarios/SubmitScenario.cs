using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using OrleansScheduler.Api;
using OrleansScheduler.Client;

namespace OrleansScheduler.Bench.Scenarios;

/// <summary>
/// Scenario 2: how fast tasks can be submitted, with no silo working: batches through the store
/// itself (<c>ITaskStore.SubmitAsync</c>, what Redis and the scripts can take), and batches through
/// <c>POST /api/tasks/batch</c> over real HTTP: the gateway program on Kestrel in this process, an
/// Orleans client of an in-process silo whose workers are off, so each batch crosses HTTP, the API,
/// the gateway's connection into the cluster, the submitter grain and the store.
/// A few batches are in flight at once (<see cref="TaskBatches.InFlight"/>).
/// </summary>
public sealed class SubmitScenario : IScenario
{
    private const string Queue = "submit";

    /// <inheritdoc />
    public string Name => "submit";

    /// <inheritdoc />
    public async Task<IReadOnlyList<Measurement>> RunOnceAsync(BenchContext context, CancellationToken cancellationToken)
    {
        double store = await StoreLevelAsync(context, cancellationToken);
        double http = await HttpBatchAsync(context, cancellationToken);
        context.Log.WriteLine($"  submit: store {store:F0}/s, http batch {http:F0}/s");
        return
        [
            new("store batch", "tasks/s", store, Target.Min(150_000)),
            new("http batch", "tasks/s", http, Target.Min(50_000)),
        ];
    }

    private static async Task<double> StoreLevelAsync(BenchContext context, CancellationToken cancellationToken)
    {
        string prefix = BenchContext.NewKeyPrefix();
        try
        {
            await using var client = await StandaloneStore.ConnectAsync(context.Redis, prefix);
            var batches = TaskBatches.Echo(Queue, context.Sizes.SubmitTasks, context.Sizes.BatchSize);
            var stopwatch = Stopwatch.StartNew();
            await TaskBatches.SubmitAsync(client.Store, batches, cancellationToken);
            return context.Sizes.SubmitTasks / stopwatch.Elapsed.TotalSeconds;
        }
        finally
        {
            await context.Admin.DeleteKeysAsync(prefix);
        }
    }

    private static async Task<double> HttpBatchAsync(BenchContext context, CancellationToken cancellationToken)
    {
        string prefix = BenchContext.NewKeyPrefix();
        try
        {
            await using var silo = await InProcessSilo.StartAsync(context.Redis, prefix, Queue, capacity: 1,
                configure: s => s.AddTaskScheduler(o => o.RunWorkers = false));
            await using var gateway = new InProcessGateway(silo);
            var client = new SchedulerClient(gateway.Start());
            var payload = JsonDocument.Parse("{\"i\":123}").RootElement;
            var batches = Enumerable.Range(0, context.Sizes.SubmitTasks)
                .Select(_ => new SubmitTaskRequest { Type = "echo", Queue = Queue, Payload = payload })
                .Chunk(context.Sizes.BatchSize)
                .ToArray();
            await client.SubmitBatchAsync(batches[0][..1], cancellationToken); // warm the connection and the endpoint up

            var stopwatch = Stopwatch.StartNew();
            await TaskBatches.ForEachAsync(batches, batch => client.SubmitBatchAsync(batch, cancellationToken), cancellationToken);
            return context.Sizes.SubmitTasks / stopwatch.Elapsed.TotalSeconds;
        }
        finally
        {
            await context.Admin.DeleteKeysAsync(prefix);
        }
    }
}
