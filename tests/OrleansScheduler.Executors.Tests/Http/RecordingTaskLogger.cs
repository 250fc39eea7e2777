using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OrleansScheduler.Executors.Tests.Http;

/// <summary>The attempt's logger in these tests: keeps every line as it would be kept with the task (message, and an exception's type and message).</summary>
internal sealed class RecordingTaskLogger : ILogger
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Enqueue(exception is null ? formatter(state, exception) : $"{formatter(state, exception)} {exception.GetType().Name}: {exception.Message}");
}
