using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansScheduler.Storage.InMemory;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using OrleansScheduler.Workers;

namespace OrleansScheduler.Core.Tests;

/// <summary>The logger a handler gets: the host's log as before, plus the lines kept with the task.</summary>
public sealed class TaskLoggerTests
{
    private static readonly ClaimedTask Task7 = new("task-7", "images", "resize", "{}", 2, 3, 41, TimeSpan.FromSeconds(30), DateTimeOffset.UnixEpoch);
    private readonly FakeTimeProvider _clock = TestClock.Create();
    private readonly RecordingLogsTaskStore _store = new(new InMemoryTaskStore());
    private readonly HostLog _host = new();

    private async Task<IReadOnlyList<TaskLogEntry>> LogAsync(LogLevel captureLevel, Action<ILogger> write)
    {
        var shipper = new TaskLogShipper(_store, NullLogger.Instance, TimeSpan.FromHours(1));
        var running = System.Threading.Tasks.Task.Run(shipper.RunAsync);
        write(new TaskLogger(_host, Task7, captureLevel, _clock, shipper));
        shipper.Complete();
        await running.WaitAsync(TimeSpan.FromSeconds(5));
        return _store.Lines;
    }

    [Fact]
    public async Task a_line_is_kept_with_its_task_queue_attempt_level_and_the_silo_clocks_time()
    {
        var lines = await LogAsync(LogLevel.Information, log => log.LogInformation("Resized {Count} images", 3));

        var line = Assert.Single(lines);
        Assert.Equal(new TaskLogEntry("task-7", "images", 2, _clock.GetUtcNow(), "Information", "Resized 3 images"), line);
    }

    [Fact]
    public async Task lines_below_the_task_log_level_are_not_kept_and_the_hosts_log_filters_on_its_own()
    {
        var lines = await LogAsync(LogLevel.Warning, log =>
        {
            log.LogDebug("detail");
            log.LogInformation("progress");
            log.LogWarning("slow download");
            log.LogCritical("disk full");
        });

        Assert.Equal([("Warning", "slow download"), ("Critical", "disk full")], lines.Select(l => (l.Level, l.Message)));
        Assert.Equal(["progress", "slow download", "disk full"], _host.Messages); // the host's own filter (Information) decides there
    }

    [Fact]
    public async Task an_exception_is_kept_as_its_type_and_message_after_the_line()
    {
        var lines = await LogAsync(LogLevel.Information, log =>
        {
            log.LogError(new InvalidOperationException("bucket is gone"), "Upload of {File} failed", "a.png");
            log.LogError(new TimeoutException("no answer"), "");
        });

        Assert.Equal(["Upload of a.png failed [InvalidOperationException: bucket is gone]", "TimeoutException: no answer"], lines.Select(l => l.Message));
        Assert.All(lines, l => Assert.Equal("Error", l.Level));
    }

    [Fact]
    public async Task level_none_keeps_no_lines()
    {
        var lines = await LogAsync(LogLevel.None, log => log.LogCritical("disk full"));

        Assert.Empty(lines);
        Assert.Equal(["disk full"], _host.Messages);
    }

    [Fact]
    public async Task is_enabled_when_either_the_host_or_the_task_log_wants_the_level()
    {
        bool? traceEnabled = null, debugEnabled = null;
        await LogAsync(LogLevel.Debug, log => (traceEnabled, debugEnabled) = (log.IsEnabled(LogLevel.Trace), log.IsEnabled(LogLevel.Debug)));

        Assert.False(traceEnabled);
        Assert.True(debugEnabled);
    }

    /// <summary>The host's log, enabled from Information up.</summary>
    private sealed class HostLog : ILogger
    {
        private readonly List<string> _messages = [];

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_messages) return [.. _messages];
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            lock (_messages) _messages.Add(formatter(state, exception));
        }
    }
}
