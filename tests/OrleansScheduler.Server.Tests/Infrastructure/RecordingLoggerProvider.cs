using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OrleansScheduler.Server.Tests.Infrastructure;

/// <summary>
/// Records what every silo of a test logs, with the structured values, so a test can see e.g.
/// that a zombie's completion reached the store and was rejected; shared by the test's silos.
/// </summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyList<Entry> Entries => [.. _entries];

    /// <summary>The entries of the <c>[LoggerMessage]</c> method <paramref name="eventName"/>, e.g. <c>OutcomeRejected</c>.</summary>
    public IReadOnlyList<Entry> Named(string eventName) => [.. _entries.Where(e => e.EventId.Name == eventName)];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    // Shared by several hosts: none of them owns it.
    public void Dispose()
    {
    }

    /// <summary>One log entry: its source-generated placeholders are in <see cref="Values"/>.</summary>
    public sealed record Entry(DateTimeOffset At, string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, string?> Values)
    {
        public string? this[string name] => Values.GetValueOrDefault(name);

        public override string ToString() => $"{At:HH:mm:ss.fff} {Level,-11} {Category}: {Message}";
    }

    private sealed class Logger(RecordingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.First().Value?.ToString())
                : [];
            string message = formatter(state, exception) + (exception is null ? "" : $" [{exception.GetType().Name}: {exception.Message}]");
            provider._entries.Enqueue(new Entry(DateTimeOffset.UtcNow, category, logLevel, eventId, message, values));
        }
    }
}
