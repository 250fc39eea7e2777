using OrleansScheduler.Grains;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Bench;

/// <summary>Submitting many tasks in batches, a few batches in flight at once.</summary>
public static class TaskBatches
{
    /// <summary>How many batches are in flight at once: enough to hide the round trip, few enough not to queue up.</summary>
    public const int InFlight = 4;

    /// <summary>
    /// <paramref name="count"/> <c>echo</c> submissions to <paramref name="queue"/> with payload <c>{"i":n}</c>, cut into
    /// batches; task <c>i</c> gets <paramref name="routing"/>(<c>i</c>) as its routing (none without it).
    /// </summary>
    public static IReadOnlyList<TaskSubmission[]> Echo(string queue, int count, int batchSize, string type = "echo", Func<int, TaskRouting?>? routing = null) =>
        Enumerable.Range(0, count)
            .Select(i => new TaskSubmission { Type = type, Queue = queue, Payload = "{\"i\":" + (i % 1000) + "}", Routing = routing?.Invoke(i) })
            .Chunk(batchSize)
            .ToArray();

    /// <summary>Submits every batch to the store itself, <see cref="InFlight"/> at a time: what the store alone can take (no silo is told).</summary>
    public static Task SubmitAsync(ITaskStore store, IReadOnlyList<TaskSubmission[]> batches, CancellationToken cancellationToken) =>
        ForEachAsync(batches, batch => store.SubmitAsync(batch, cancellationToken), cancellationToken);

    /// <summary>Submits every batch through <paramref name="submitter"/>, <see cref="InFlight"/> at a time: stored, and idle workers woken.</summary>
    public static Task SubmitAsync(ISubmitterGrain submitter, IReadOnlyList<TaskSubmission[]> batches, CancellationToken cancellationToken) =>
        ForEachAsync(batches, batch => submitter.SubmitBatchAsync(batch), cancellationToken);

    /// <summary>Runs <paramref name="submit"/> for every batch, <see cref="InFlight"/> at a time.</summary>
    public static Task ForEachAsync<T>(IReadOnlyList<T> batches, Func<T, Task> submit, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = cancellationToken },
            async (batch, _) => await submit(batch));
}
