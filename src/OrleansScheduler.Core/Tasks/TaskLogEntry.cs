namespace OrleansScheduler.Tasks;

/// <summary>One line a handler logged while running an attempt of a task.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Queue">The task's queue.</param>
/// <param name="Attempt">The attempt that logged it.</param>
/// <param name="Time">When it was logged.</param>
/// <param name="Level">The log level's name, e.g. <c>Information</c>.</param>
/// <param name="Message">The formatted message; stores cut it to <see cref="Storage.HistoryLimits.MaxLogLineLength"/> characters.</param>
public sealed record TaskLogEntry(string TaskId, string Queue, int Attempt, DateTimeOffset Time, string Level, string Message);
