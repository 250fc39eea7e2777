using System.Diagnostics;
using OrleansScheduler.Api;
using OrleansScheduler.Client;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Silo.Demo;

/// <summary>
/// Runs the demo through the gateway, as any client would: submits the <see cref="DemoPlan"/> in
/// batches with the typed client, prints a line of counts per state every
/// <see cref="DemoOptions.ProgressInterval"/> until every task is terminal, then a summary.
/// Only its own tasks are counted, so it can share a queue with other work (tests do).
/// </summary>
internal sealed class DemoWorkload(SchedulerClient client, TextWriter output)
{
    private static readonly TaskState[] ShownStates =
        [TaskState.Scheduled, TaskState.Pending, TaskState.Running, TaskState.Succeeded, TaskState.Failed, TaskState.Canceled];

    /// <summary>Runs one demo and reports how it ended.</summary>
    public async Task<DemoReport> RunAsync(DemoOptions options, CancellationToken cancellationToken = default)
    {
        var plan = DemoPlan.Create(options);
        var watch = Stopwatch.StartNew();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var meantToFail = new HashSet<string>(StringComparer.Ordinal);
        foreach (var batch in plan.Chunk(options.BatchSize))
        {
            var batchIds = await client.SubmitBatchAsync([.. batch.Select(t => t.Request)], cancellationToken);
            for (int i = 0; i < batch.Length; i++)
            {
                ids.Add(batchIds[i]);
                if (batch[i].FailsOnPurpose) meantToFail.Add(batchIds[i]);
            }
        }
        await output.WriteLineAsync($"Submitted {ids.Count} tasks (echo, sleep, cpu, fail-then-retry, delayed; {meantToFail.Count} meant to fail) in {watch.Elapsed.TotalSeconds:F1} s.");

        using var ticker = new PeriodicTimer(options.ProgressInterval);
        while (true)
        {
            var tasks = await SnapshotAsync(options.Queue, ids, cancellationToken);
            var counts = ShownStates.ToDictionary(s => s, s => tasks.Count(t => t.Status == s));
            await output.WriteLineAsync($"{watch.Elapsed.TotalSeconds,6:F1}s  " + string.Join("  ", ShownStates.Select(s => $"{s.ToString().ToLowerInvariant()} {counts[s],4}")));
            bool done = tasks.Count == ids.Count && tasks.All(t => t.Status.IsTerminal());
            bool timedOut = !done && watch.Elapsed >= options.Timeout;
            if (done || timedOut)
            {
                var report = Summarize(tasks, ids.Count, meantToFail, watch.Elapsed, timedOut);
                await WriteSummaryAsync(report, tasks, meantToFail);
                return report;
            }
            await ticker.WaitForNextTickAsync(cancellationToken);
        }
    }

    /// <summary>The demo's tasks as they are now, read page by page from the queue's listing.</summary>
    private async Task<List<TaskInfo>> SnapshotAsync(string queue, HashSet<string> ids, CancellationToken cancellationToken)
    {
        var tasks = new List<TaskInfo>(ids.Count);
        string? cursor = null;
        do
        {
            var page = await client.ListAsync(new TaskListQuery { Queue = queue, Limit = 1000, Cursor = cursor }, cancellationToken);
            tasks.AddRange(page.Tasks.Where(t => ids.Contains(t.Id)));
            cursor = page.NextCursor;
        }
        while (cursor is not null && tasks.Count < ids.Count);
        return tasks;
    }

    private static DemoReport Summarize(List<TaskInfo> tasks, int total, HashSet<string> meantToFail, TimeSpan elapsed, bool timedOut) => new()
    {
        Total = total,
        Succeeded = tasks.Count(t => t.Status == TaskState.Succeeded),
        Failed = tasks.Count(t => t.Status == TaskState.Failed),
        FailedOnPurpose = tasks.Count(t => t.Status == TaskState.Failed && meantToFail.Contains(t.Id)),
        Canceled = tasks.Count(t => t.Status == TaskState.Canceled),
        Retried = tasks.Count(t => t.Attempt > 1),
        Unfinished = total - tasks.Count(t => t.Status.IsTerminal()),
        Elapsed = elapsed,
        TimedOut = timedOut,
    };

    private async Task WriteSummaryAsync(DemoReport report, List<TaskInfo> tasks, HashSet<string> meantToFail)
    {
        await output.WriteLineAsync(
            $"{(report.Success ? "Done" : report.TimedOut ? "Timed out" : "Finished with problems")} in {report.Elapsed.TotalSeconds:F1} s: " +
            $"{report.Total} tasks, {report.Succeeded} succeeded, {report.Failed} failed ({report.FailedOnPurpose} on purpose), " +
            $"{report.Canceled} canceled, {report.Retried} retried (took more than one attempt)" +
            (report.Unfinished > 0 ? $", {report.Unfinished} unfinished." : "."));
        foreach (var task in tasks.Where(t => t.Status is TaskState.Failed or TaskState.Canceled && !meantToFail.Contains(t.Id)).Take(5))
            await output.WriteLineAsync($"  unexpected: task {task.Id} ({task.Type}) ended {task.Status}: {task.Error}");
    }
}
