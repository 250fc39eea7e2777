using Microsoft.Extensions.Logging;
using OrleansScheduler.Handlers;
using OrleansScheduler.Storage.InMemory;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Core.Tests;

/// <summary>What a handler writes to <c>TaskContext.Logger</c> is kept with its task, attempt by attempt.</summary>
public sealed class TaskLogCaptureTests
{
    private readonly InMemoryTaskStore _inner = new();
    private readonly RecordingLogsTaskStore _store;

    public TaskLogCaptureTests() => _store = new RecordingLogsTaskStore(_inner);

    private WorkerHarness Start(Action<Hosting.SchedulerOptions>? configure = null) =>
        WorkerHarness.Start(configure, h => h.AddHandler<ChattyHandler>("chatty"), _store);

    private async Task<IReadOnlyList<TaskLogEntry>> WaitForLinesAsync(string id, int count) =>
        await Eventually.Until(() => Task.FromResult(_store.LinesOf(id)), l => l.Count >= count, $"{count} log line(s) of task {id}", TimeSpan.FromSeconds(10));

    [Fact]
    public async Task lines_at_or_above_the_task_log_level_are_kept_with_the_task_and_its_attempt()
    {
        await using var silo = Start();
        var before = DateTimeOffset.UtcNow;
        var id = (await _inner.SubmitAsync([new TaskSubmission { Type = "chatty", Queue = "default", Payload = "{\"lines\":2}" }]))[0];

        Assert.Equal(TaskState.Succeeded, (await silo.WaitForTerminalAsync(id)).Status);
        var lines = await WaitForLinesAsync(id, 2);

        Assert.Equal([("Information", "attempt 1 line 0"), ("Information", "attempt 1 line 1")], lines.Select(l => (l.Level, l.Message)));
        Assert.All(lines, l =>
        {
            Assert.Equal(("default", 1), (l.Queue, l.Attempt));
            Assert.InRange(l.Time, before, DateTimeOffset.UtcNow);
        });
    }

    [Fact]
    public async Task each_attempt_keeps_its_own_lines_including_the_error_that_failed_it()
    {
        await using var silo = Start();
        var id = (await _inner.SubmitAsync([new TaskSubmission { Type = "chatty", Payload = "{\"lines\":1,\"failFirst\":true}", Backoff = TimeSpan.Zero }]))[0];

        Assert.Equal(TaskState.Succeeded, (await silo.WaitForTerminalAsync(id)).Status);
        var lines = await WaitForLinesAsync(id, 3);

        Assert.Equal(
            [(1, "Information", "attempt 1 line 0"), (1, "Error", "giving up on this attempt [InvalidOperationException: first attempt fails]"), (2, "Information", "attempt 2 line 0")],
            lines.Select(l => (l.Attempt, l.Level, l.Message)));
    }

    [Fact]
    public async Task the_task_log_level_option_decides_which_lines_are_kept()
    {
        await using var silo = Start(o => o.TaskLogLevel = LogLevel.Error);
        var id = (await _inner.SubmitAsync([new TaskSubmission { Type = "chatty", Payload = "{\"lines\":3,\"failFirst\":true}", Backoff = TimeSpan.Zero }]))[0];

        Assert.Equal(TaskState.Succeeded, (await silo.WaitForTerminalAsync(id)).Status);
        await WaitForLinesAsync(id, 1);
        await silo.StopAsync(); // flushes whatever else there might be

        Assert.Equal(["Error"], _store.LinesOf(id).Select(l => l.Level));
    }

    [Fact]
    public async Task many_lines_reach_the_store_in_a_few_calls_not_one_per_line()
    {
        await using var silo = Start();
        var id = (await _inner.SubmitAsync([new TaskSubmission { Type = "chatty", Payload = "{\"lines\":300}" }]))[0];

        await silo.WaitForTerminalAsync(id);
        var lines = await WaitForLinesAsync(id, 300);

        Assert.Equal(Enumerable.Range(0, 300).Select(n => $"attempt 1 line {n}"), lines.Select(l => l.Message));
        Assert.InRange(_store.AppendCalls, 1, 5);
    }

    [Fact]
    public async Task a_store_that_refuses_log_lines_does_not_fail_the_attempt()
    {
        _store.FailLogs = true;
        await using var silo = Start();
        var id = (await _inner.SubmitAsync([new TaskSubmission { Type = "chatty", Payload = "{\"lines\":5}", MaxAttempts = 1 }]))[0];

        var task = await silo.WaitForTerminalAsync(id);
        await Eventually.Until(() => Task.FromResult(_store.AppendCalls), c => c > 0, "the shipper to try the store");

        Assert.Equal(TaskState.Succeeded, task.Status);
        Assert.Empty(_store.Lines);
    }

    [Fact]
    public async Task stopping_the_silo_stores_the_last_lines_of_attempts_it_let_finish()
    {
        var silo = Start(o => o.DrainTimeout = TimeSpan.FromSeconds(10));
        // Long enough that the poll below sees it Running on a busy machine (300 ms was missed once under CI load).
        var id = (await _inner.SubmitAsync([new TaskSubmission { Type = "chatty", Payload = "{\"lines\":1,\"waitMs\":2000}" }]))[0];
        await Eventually.Until(async () => (await _inner.GetAsync(id))!.Status, s => s == TaskState.Running, "the task to start");

        await silo.StopAsync();

        Assert.Equal(TaskState.Succeeded, (await _inner.GetAsync(id))!.Status);
        Assert.Equal(["attempt 1 line 0", "attempt 1 done waiting"], _store.LinesOf(id).Select(l => l.Message));
        await silo.DisposeAsync();
    }

    private sealed record ChattyPayload(int Lines, bool FailFirst, int WaitMs);

    private sealed class ChattyHandler : TaskHandler<ChattyPayload>
    {
        protected override async Task<object?> HandleAsync(ChattyPayload payload, TaskContext context)
        {
            for (int n = 0; n < payload.Lines; n++) context.Logger.LogInformation("attempt {Attempt} line {N}", context.Attempt, n);
            if (payload.FailFirst && context.Attempt == 1)
            {
                var error = new InvalidOperationException("first attempt fails");
                context.Logger.LogError(error, "giving up on this attempt");
                throw error;
            }
            if (payload.WaitMs > 0)
            {
                await Task.Delay(payload.WaitMs, context.CancellationToken);
                context.Logger.LogInformation("attempt {Attempt} done waiting", context.Attempt);
            }
            return null;
        }
    }
}
