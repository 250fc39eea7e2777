using System.Diagnostics;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Bench;

/// <summary>Waits, by polling the queue's counts, until none of its tasks is Pending, Scheduled or Running.</summary>
public static class QueueDrain
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Returns once <paramref name="queue"/> has nothing left to run, with how many polls it took
    /// (each is one store call, for subtracting from operation counts).
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="queue">The queue.</param>
    /// <param name="tasks">How many tasks were submitted.</param>
    /// <param name="expectKept">True: check that all <paramref name="tasks"/> are then Succeeded (none swept away).</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="InvalidOperationException">A task failed or was canceled, or fewer succeeded than expected.</exception>
    /// <exception cref="TimeoutException">No task finished for a minute.</exception>
    public static async Task<int> WaitAsync(ITaskStore store, string queue, int tasks, bool expectKept, CancellationToken cancellationToken)
    {
        int polls = 0;
        long lastOpen = long.MaxValue;
        var sinceProgress = Stopwatch.StartNew();
        while (true)
        {
            var stats = await store.GetQueueStatsAsync(queue, cancellationToken);
            polls++;
            long open = stats.Counts[TaskState.Pending] + stats.Counts[TaskState.Scheduled] + stats.Counts[TaskState.Running];
            long failed = stats.Counts[TaskState.Failed] + stats.Counts[TaskState.Canceled];
            if (failed > 0) throw new InvalidOperationException($"{failed} tasks of queue '{queue}' failed or were canceled; expected all {tasks} to succeed.");
            if (open == 0)
            {
                long succeeded = stats.Counts[TaskState.Succeeded];
                if (expectKept && succeeded != tasks)
                    throw new InvalidOperationException($"Queue '{queue}' has {succeeded} Succeeded tasks once drained; expected {tasks}.");
                return polls;
            }
            if (open < lastOpen) { lastOpen = open; sinceProgress.Restart(); }
            else if (sinceProgress.Elapsed > StallLimit)
                throw new TimeoutException($"Queue '{queue}' still has {open} tasks to run and none finished for {StallLimit.TotalSeconds} s.");
            await Task.Delay(PollInterval, cancellationToken); // polling interval
        }
    }
}
