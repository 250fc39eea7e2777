using System.Collections.Concurrent;
using OrleansScheduler.Handlers;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Core.Tests;

public sealed class SiloWorkerTests
{
    [Fact]
    public async Task a_submitted_task_runs_and_its_result_is_stored()
    {
        await using var silo = WorkerHarness.Start();
        var id = (await silo.Store.SubmitAsync([new TaskSubmission { Type = "echo", Payload = "{\"hello\":\"world\"}" }]))[0];

        var task = await silo.WaitForTerminalAsync(id);

        Assert.Equal(TaskState.Succeeded, task.Status);
        Assert.Equal("{\"hello\":\"world\"}", task.Result);
        Assert.Equal(WorkerHarness.DefaultSiloId, task.Silo);
        Assert.Equal(1, task.Attempt);
    }

    [Fact]
    public async Task a_handler_that_throws_is_retried_with_backoff_until_it_succeeds()
    {
        await using var silo = WorkerHarness.Start();
        var id = (await silo.Store.SubmitAsync([new TaskSubmission { Type = "fail", Payload = "{\"times\":2}", Backoff = TimeSpan.FromMilliseconds(20) }]))[0];

        var task = await silo.WaitForTerminalAsync(id);

        Assert.Equal(TaskState.Succeeded, task.Status);
        Assert.Equal(3, task.Attempt);
        Assert.Equal("{\"attempts\":3}", task.Result);
        Assert.Contains("fails on purpose", task.Error);
    }

    [Fact]
    public async Task a_task_that_keeps_failing_ends_failed_after_its_attempts()
    {
        await using var silo = WorkerHarness.Start();
        var id = (await silo.Store.SubmitAsync([new TaskSubmission { Type = "fail", Payload = "{\"times\":9}", MaxAttempts = 2, Backoff = TimeSpan.Zero }]))[0];

        var task = await silo.WaitForTerminalAsync(id);

        Assert.Equal(TaskState.Failed, task.Status);
        Assert.Equal(2, task.Attempt);
        Assert.Contains("attempt 2", task.Error);
    }

    [Fact]
    public async Task an_unknown_type_fails_with_an_error_naming_it_and_the_handlers_this_silo_has()
    {
        await using var silo = WorkerHarness.Start();
        var id = (await silo.Store.SubmitAsync([new TaskSubmission { Type = "resize", MaxAttempts = 2, Backoff = TimeSpan.Zero }]))[0];

        var task = await silo.WaitForTerminalAsync(id);

        Assert.Equal(TaskState.Failed, task.Status);
        Assert.Equal(2, task.Attempt);
        Assert.Matches(@"^No handler for type 'resize' on silo 'test-silo'; this silo handles: cpu, echo, fail, sleep, sum-of-squares, sum-of-squares-chunk\.$", task.Error);
    }

    [Fact]
    public async Task an_attempt_that_runs_past_its_timeout_is_canceled_and_counted_as_failed()
    {
        await using var silo = WorkerHarness.Start();
        var id = (await silo.Store.SubmitAsync([new TaskSubmission { Type = "sleep", Payload = "{\"ms\":60000}", Timeout = TimeSpan.FromMilliseconds(150), MaxAttempts = 1 }]))[0];

        var task = await silo.WaitForTerminalAsync(id, TimeSpan.FromSeconds(20));

        Assert.Equal(TaskState.Failed, task.Status);
        Assert.Contains("timed out after 150 ms", task.Error);
    }

    [Fact]
    public async Task a_handler_that_ignores_its_timeout_loses_to_the_store_deadline()
    {
        var release = new TaskCompletionSource();
        IgnoresCancellationHandler.Release = release.Task;
        await using var silo = WorkerHarness.Start(handlers: b => b.AddHandler<IgnoresCancellationHandler>("stubborn"));
        var id = (await silo.Store.SubmitAsync([new TaskSubmission { Type = "stubborn", Timeout = TimeSpan.FromMilliseconds(100), MaxAttempts = 1 }]))[0];

        var task = await silo.WaitForTerminalAsync(id, TimeSpan.FromSeconds(20));
        release.SetResult();

        Assert.Equal(TaskState.Failed, task.Status);
        Assert.Contains("timed out", task.Error);
    }

    [Fact]
    public async Task a_non_retryable_exception_fails_the_task_without_more_attempts()
    {
        await using var silo = WorkerHarness.Start();
        // sleep's payload needs a number: a string cannot be deserialized, and retrying would not help.
        var id = (await silo.Store.SubmitAsync([new TaskSubmission { Type = "sleep", Payload = "{\"ms\":\"soon\"}", MaxAttempts = 5 }]))[0];

        var task = await silo.WaitForTerminalAsync(id);

        Assert.Equal(TaskState.Failed, task.Status);
        Assert.Equal(1, task.Attempt);
        Assert.Contains("does not fit Payload", task.Error);
    }

    [Fact]
    public async Task the_silo_never_runs_more_attempts_at_once_than_its_capacity()
    {
        ConcurrencyProbeHandler.Reset();
        await using var silo = WorkerHarness.Start(o => { o.Capacity = 3; o.ClaimBatchSize = 10; },
            b => b.AddHandler<ConcurrencyProbeHandler>("probe"));
        var ids = await silo.Store.SubmitAsync(Enumerable.Range(0, 30).Select(_ => new TaskSubmission { Type = "probe" }).ToList());

        foreach (string id in ids) Assert.Equal(TaskState.Succeeded, (await silo.WaitForTerminalAsync(id)).Status);

        Assert.Equal(3, ConcurrencyProbeHandler.MaxSeen);
    }

    [Fact]
    public async Task progress_reported_by_a_handler_is_shown_with_the_task()
    {
        await using var silo = WorkerHarness.Start(handlers: b => b.AddHandler<ProgressHandler>("progress"));
        var id = (await silo.Store.SubmitAsync([new TaskSubmission { Type = "progress" }]))[0];

        var task = await silo.WaitForTerminalAsync(id);

        Assert.Equal(TaskState.Succeeded, task.Status);
        Assert.Equal(75, task.Progress);
        Assert.Equal("three quarters", task.ProgressMessage);
    }

    [Fact]
    public async Task stopping_the_silo_lets_running_attempts_finish()
    {
        var silo = WorkerHarness.Start();
        var id = (await silo.Store.SubmitAsync([new TaskSubmission { Type = "sleep", Payload = "{\"ms\":500}" }]))[0];
        await Eventually.Until(async () => (await silo.Store.GetAsync(id))!.Status, s => s == TaskState.Running, "the task to start");

        await silo.StopAsync();

        var task = (await silo.Store.GetAsync(id))!;
        Assert.Equal(TaskState.Succeeded, task.Status);
        Assert.Equal(0, silo.Worker.RunningCount);
        await silo.DisposeAsync();
    }

    [Fact]
    public async Task two_silos_on_one_store_share_the_work_and_run_each_task_once()
    {
        ConcurrencyProbeHandler.Reset();
        var store = new Storage.InMemory.InMemoryTaskStore();
        await using var a = WorkerHarness.Start(o => o.Capacity = 4, h => h.AddHandler<ConcurrencyProbeHandler>("probe"), store, siloId: "silo-a");
        await using var b = WorkerHarness.Start(o => o.Capacity = 4, h => h.AddHandler<ConcurrencyProbeHandler>("probe"), store, siloId: "silo-b");
        var ids = await store.SubmitAsync(Enumerable.Range(0, 200).Select(_ => new TaskSubmission { Type = "probe" }).ToList());

        var tasks = await Task.WhenAll(ids.Select(id => a.WaitForTerminalAsync(id)));

        Assert.All(tasks, t => Assert.Equal(TaskState.Succeeded, t.Status));
        Assert.All(ids, id => Assert.Equal(1, ConcurrencyProbeHandler.Runs[id]));
        Assert.Equal(["silo-a", "silo-b"], tasks.Select(t => t.Silo!).Distinct().Order());
    }

    private sealed class IgnoresCancellationHandler : ITaskHandler
    {
        public static Task Release { get; set; } = Task.CompletedTask;

        public async Task<object?> HandleAsync(TaskContext context)
        {
            await Release; // deliberately ignores context.CancellationToken
            return null;
        }
    }

    private sealed class ConcurrencyProbeHandler : ITaskHandler
    {
        private static int _current;
        public static int MaxSeen;
        public static ConcurrentDictionary<string, int> Runs { get; } = new();

        public static void Reset()
        {
            _current = 0;
            MaxSeen = 0;
            Runs.Clear();
        }

        public async Task<object?> HandleAsync(TaskContext context)
        {
            Runs.AddOrUpdate(context.TaskId, 1, (_, n) => n + 1);
            int now = Interlocked.Increment(ref _current);
            int seen;
            while (now > (seen = Volatile.Read(ref MaxSeen)) && Interlocked.CompareExchange(ref MaxSeen, now, seen) != seen) { }
            await Task.Delay(20);
            Interlocked.Decrement(ref _current);
            return null;
        }
    }

    private sealed class ProgressHandler : ITaskHandler
    {
        public async Task<object?> HandleAsync(TaskContext context)
        {
            await context.ReportProgressAsync(25, "a quarter");
            await context.ReportProgressAsync(75, "three quarters");
            return "done";
        }
    }
}
