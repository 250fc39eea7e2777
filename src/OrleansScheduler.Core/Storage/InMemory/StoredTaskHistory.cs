using OrleansScheduler.Tasks;

namespace OrleansScheduler.Storage.InMemory;

/// <summary>
/// What one task remembers besides its state: its finished attempts and its handlers' log lines,
/// each bounded by <see cref="HistoryLimits"/>. It lives in its <see cref="StoredTask"/>, so deleting
/// or sweeping the task takes it along. Only touched under the store's lock.
/// </summary>
internal sealed class StoredTaskHistory
{
    private readonly Queue<TaskAttempt> _attempts = new();
    private readonly Queue<TaskLogEntry> _logs = new();

    /// <summary>The attempt that ended last, kept whatever the limit: how a retried outcome is recognised as one already recorded.</summary>
    public TaskAttempt? LastEnded { get; private set; }

    /// <summary>Records an attempt that ended, dropping the oldest beyond the limit.</summary>
    public void EndAttempt(TaskAttempt attempt, HistoryLimits limits)
    {
        LastEnded = attempt;
        _attempts.Enqueue(attempt);
        while (_attempts.Count > limits.MaxAttemptHistory) _attempts.Dequeue();
    }

    /// <summary>Appends a line cut to the longest kept, dropping the oldest beyond the limit.</summary>
    public void AppendLog(TaskLogEntry line, HistoryLimits limits)
    {
        _logs.Enqueue(line with { Message = Cut(line.Message ?? "", limits.MaxLogLineLength) });
        while (_logs.Count > limits.MaxLogLines) _logs.Dequeue();
    }

    /// <summary>The finished attempts, oldest first, then <paramref name="running"/> if there is one.</summary>
    public IReadOnlyList<TaskAttempt> Attempts(TaskAttempt? running) => running is null ? [.. _attempts] : [.. _attempts, running];

    /// <summary>The kept lines, oldest first.</summary>
    public IReadOnlyList<TaskLogEntry> Logs() => [.. _logs];

    private static string Cut(string message, int length)
    {
        if (message.Length <= length) return message;
        // Never keep half of a surrogate pair: it would not survive JSON.
        if (length > 0 && char.IsHighSurrogate(message[length - 1])) length--;
        return message[..Math.Max(0, length)];
    }
}
