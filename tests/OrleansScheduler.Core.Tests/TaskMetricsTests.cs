using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using OrleansScheduler.Handlers;
using OrleansScheduler.Tasks;
using OrleansScheduler.Telemetry;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Core.Tests;

/// <summary>The worker engine's instruments, read with MetricCollector from the meter the engine's SchedulerMetrics made.</summary>
public sealed class TaskMetricsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly IMeterFactory _meters;
    private readonly SchedulerMetrics _metrics;

    public TaskMetricsTests()
    {
        _meters = _services.GetRequiredService<IMeterFactory>();
        _metrics = new SchedulerMetrics(_meters, WorkerHarness.DefaultSiloId);
    }

    private MetricCollector<T> Collect<T>(string instrument) where T : struct => new(_meters, SchedulerMetrics.MeterName, instrument);

    [Fact]
    public async Task a_task_that_runs_counts_as_started_and_succeeded_with_its_queue_type_and_silo_and_records_its_wait_and_run()
    {
        using var started = Collect<long>("osched.tasks.started");
        using var succeeded = Collect<long>("osched.tasks.succeeded");
        using var wait = Collect<double>("osched.task.queue_wait");
        using var run = Collect<double>("osched.task.run_duration");
        using var store = Collect<double>("osched.store.call_duration");
        await using var silo = WorkerHarness.Start(metrics: _metrics);

        var id = (await silo.Store.SubmitAsync([new TaskSubmission { Type = "sleep", Queue = "default", Payload = "{\"ms\":50}" }]))[0];
        await silo.WaitForTerminalAsync(id);
        await succeeded.WaitForMeasurementsAsync(1, TimeSpan.FromSeconds(10));

        var done = Assert.Single(succeeded.GetMeasurementSnapshot());
        Assert.Equal(1, done.Value);
        Assert.Equal(("default", "sleep", WorkerHarness.DefaultSiloId), ((string)done.Tags["queue"]!, (string)done.Tags["type"]!, (string)done.Tags["silo"]!));
        Assert.Equal(1, Assert.Single(started.GetMeasurementSnapshot()).Value);
        Assert.InRange(Assert.Single(wait.GetMeasurementSnapshot()).Value, 0, 10);
        Assert.InRange(Assert.Single(run.GetMeasurementSnapshot()).Value, 0.04, 10);
        var operations = store.GetMeasurementSnapshot().Select(m => (string)m.Tags["operation"]!).ToHashSet();
        Assert.Contains("claim", operations);
        Assert.Contains("complete", operations);
    }

    [Fact]
    public async Task a_failed_attempt_with_attempts_left_counts_as_retried_and_the_last_one_as_failed()
    {
        using var retried = Collect<long>("osched.tasks.retried");
        using var failed = Collect<long>("osched.tasks.failed");
        using var succeeded = Collect<long>("osched.tasks.succeeded");
        await using var silo = WorkerHarness.Start(metrics: _metrics);

        var id = (await silo.Store.SubmitAsync([new TaskSubmission { Type = "fail", Payload = "{\"times\":5}", MaxAttempts = 2, Backoff = TimeSpan.FromMilliseconds(20) }]))[0];
        Assert.Equal(TaskState.Failed, (await silo.WaitForTerminalAsync(id)).Status);
        await failed.WaitForMeasurementsAsync(1, TimeSpan.FromSeconds(10));

        Assert.Equal("fail", (string)Assert.Single(retried.GetMeasurementSnapshot()).Tags["type"]!);
        Assert.Single(failed.GetMeasurementSnapshot());
        Assert.Empty(succeeded.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task the_running_and_free_slot_gauges_show_this_silos_attempts_and_no_queue_gauges_without_the_scheduler_grain()
    {
        using var running = Collect<int>("osched.tasks.running");
        using var free = Collect<int>("osched.silo.free_slots");
        using var depth = Collect<long>("osched.queue.depth");
        await using var silo = WorkerHarness.Start(o => o.Capacity = 4, metrics: _metrics);

        var id = (await silo.Store.SubmitAsync([new TaskSubmission { Type = "sleep", Payload = "{\"ms\":5000}" }]))[0];
        await silo.WaitForStatusAsync(id, TaskState.Running);
        await Eventually.Until(() => Task.FromResult(silo.Worker.RunningCount), n => n == 1, "the attempt to hold its slot");
        running.RecordObservableInstruments();
        free.RecordObservableInstruments();
        depth.RecordObservableInstruments();

        var now = Assert.Single(running.GetMeasurementSnapshot());
        Assert.Equal((1, WorkerHarness.DefaultSiloId), (now.Value, (string)now.Tags["silo"]!));
        Assert.Equal(3, Assert.Single(free.GetMeasurementSnapshot()).Value);
        Assert.Empty(depth.GetMeasurementSnapshot());
        await silo.Store.CancelAsync(id);
    }

    public void Dispose() => _services.Dispose();
}
