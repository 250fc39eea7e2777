namespace OrleansScheduler.Bench.Scenarios;

/// <summary>
/// Scenario 5: Redis <c>used_memory</c> per waiting task: N tasks with payload <c>{"i":123}</c>
/// submitted to a queue no silo serves, under a fresh key prefix; the growth of used_memory divided
/// by N. It includes everything a waiting task costs: its hash, its index entries and its share of
/// the queue's event stream (which keeps the newest 10,000 events by default).
/// </summary>
public sealed class MemoryScenario : IScenario
{
    private const string Queue = "memory";

    /// <inheritdoc />
    public string Name => "memory";

    /// <inheritdoc />
    public async Task<IReadOnlyList<Measurement>> RunOnceAsync(BenchContext context, CancellationToken cancellationToken)
    {
        string prefix = BenchContext.NewKeyPrefix();
        try
        {
            await using var client = await StandaloneStore.ConnectAsync(context.Redis, prefix);
            int count = context.Sizes.MemoryTasks;
            var batches = Enumerable.Range(0, count)
                .Select(_ => new Tasks.TaskSubmission { Type = "echo", Queue = Queue, Payload = "{\"i\":123}" })
                .Chunk(context.Sizes.BatchSize)
                .ToArray();
            var before = await context.Admin.SettledSnapshotAsync(cancellationToken);
            await TaskBatches.SubmitAsync(client.Store, batches, cancellationToken);
            var grown = (await context.Admin.SnapshotAsync()).Since(before);
            double perTask = (double)grown.UsedMemory / count;
            context.Log.WriteLine($"  memory: {grown.UsedMemory} bytes for {count} waiting tasks ({perTask:F0} B each)");
            return [new("used_memory/waiting task", "bytes", perTask, Target.Max(150))];
        }
        finally
        {
            await context.Admin.DeleteKeysAsync(prefix);
        }
    }
}
