using OrleansScheduler.Api;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Storage.InMemory;

/// <summary>The in-memory store's <see cref="ITaskHistory"/> reads, and the log lines handlers append, under the shared lock.</summary>
internal sealed class InMemoryTaskHistory(InMemoryState state)
{
    /// <summary>Most events one read returns, as the API allows.</summary>
    public const int MaxEventsPerRead = 10_000;

    public void AppendLogs(IReadOnlyList<TaskLogEntry> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        lock (state.Gate)
        {
            foreach (var line in lines)
            {
                // A line that outlived its task (deleted, swept) has nowhere to go.
                if (state.Tasks.TryGetValue(line.TaskId, out var task)) task.History.AppendLog(line, state.History);
            }
        }
    }

    public IReadOnlyList<TaskLogEntry>? Logs(string id)
    {
        lock (state.Gate) return state.Tasks.TryGetValue(id, out var task) ? task.History.Logs() : null;
    }

    public IReadOnlyList<TaskAttempt>? Attempts(string id)
    {
        lock (state.Gate) return state.Tasks.TryGetValue(id, out var task) ? task.History.Attempts(task.RunningAttempt) : null;
    }

    public IReadOnlyList<TaskEvent> ReadEvents(string queue, string? after, int max)
    {
        InMemoryState.ThrowIfInvalidQueue(queue);
        if (max is < 1 or > MaxEventsPerRead)
            throw new ArgumentOutOfRangeException(nameof(max), max, $"max must be between 1 and {MaxEventsPerRead}.");
        QueueEventLog.EventId? position = after is null ? null : QueueEventLog.ParseAfter(after);
        lock (state.Gate) return state.Queues.TryGetValue(queue, out var q) ? q.Events.Read(position, max) : [];
    }

    public IReadOnlyList<TaskEvent>? TaskEvents(string id)
    {
        lock (state.Gate) return state.Tasks.TryGetValue(id, out var task) ? state.QueueOf(task).Events.OfTask(id) : null;
    }
}
