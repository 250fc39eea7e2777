using Microsoft.Extensions.Logging;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Workers;

/// <summary>
/// The logger a handler gets as <c>TaskContext.Logger</c>: every call goes to the host's logger as
/// usual, and each line at or above <paramref name="captureLevel"/> is also kept with the task
/// (handed to the silo's <see cref="TaskLogShipper"/> at once, so an attempt's lines are queued
/// before its outcome). A line costs its formatting and one entry; nothing more happens per line.
/// </summary>
internal sealed class TaskLogger(ILogger inner, ClaimedTask task, LogLevel captureLevel, TimeProvider clock, TaskLogShipper shipper) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => Captures(logLevel) || inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        inner.Log(logLevel, eventId, state, exception, formatter);
        if (!Captures(logLevel)) return;
        string message = formatter(state, exception);
        if (exception is not null) message = Describe(message, exception);
        shipper.Add(new TaskLogEntry(task.Id, task.Queue, task.Attempt, clock.GetUtcNow(), LevelName(logLevel), message));
    }

    private bool Captures(LogLevel level) => level != LogLevel.None && level >= captureLevel;

    /// <summary>The message with the exception's type and message; the stack trace stays in the host's log.</summary>
    private static string Describe(string message, Exception exception)
    {
        string error = $"{exception.GetType().Name}: {exception.Message}";
        return message.Length == 0 ? error : $"{message} [{error}]";
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "Trace",
        LogLevel.Debug => "Debug",
        LogLevel.Information => "Information",
        LogLevel.Warning => "Warning",
        LogLevel.Error => "Error",
        LogLevel.Critical => "Critical",
        _ => level.ToString(),
    };
}
