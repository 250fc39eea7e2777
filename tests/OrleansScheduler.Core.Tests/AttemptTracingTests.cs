using System.Collections.Concurrent;
using System.Diagnostics;
using OrleansScheduler.Tasks;
using OrleansScheduler.Telemetry;

namespace OrleansScheduler.Core.Tests;

/// <summary>Each attempt's activity, seen by an ActivityListener on the scheduler's source.</summary>
public sealed class AttemptTracingTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public AttemptTracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SchedulerTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    private Activity AttemptOf(string id) => _stopped.Single(a => (string?)a.GetTagItem("osched.task.id") == id);

    [Fact]
    public async Task an_attempts_activity_continues_the_submitters_trace()
    {
        await using var silo = WorkerHarness.Start();
        using var submitter = new Activity("submit").SetIdFormat(ActivityIdFormat.W3C).Start();
        var task = SchedulerTracing.WithCurrentTrace(new TaskSubmission { Type = "echo" });
        submitter.Stop();

        var id = (await silo.Store.SubmitAsync([task]))[0];
        await silo.WaitForTerminalAsync(id);
        await Testing.Eventually.Until(() => Task.FromResult(_stopped.Count(a => (string?)a.GetTagItem("osched.task.id") == id)), n => n == 1, "the attempt's activity to stop");

        var attempt = AttemptOf(id);
        Assert.Equal(submitter.TraceId, attempt.TraceId);
        Assert.Equal(submitter.SpanId, attempt.ParentSpanId);
        Assert.Equal(ActivityKind.Consumer, attempt.Kind);
        Assert.Equal("osched.attempt echo", attempt.DisplayName);
        Assert.Equal(("default", "echo", 1, WorkerHarness.DefaultSiloId),
            ((string?)attempt.GetTagItem("osched.queue"), (string?)attempt.GetTagItem("osched.task.type"), (int?)attempt.GetTagItem("osched.attempt"), (string?)attempt.GetTagItem("osched.silo")));
    }

    [Fact]
    public async Task a_task_submitted_outside_a_trace_starts_one_of_its_own_and_a_failed_attempt_is_an_error()
    {
        await using var silo = WorkerHarness.Start();
        var task = SchedulerTracing.WithCurrentTrace(new TaskSubmission { Type = "fail", Payload = "{\"times\":1}", MaxAttempts = 1 });
        Assert.Null(task.TraceParent);

        var id = (await silo.Store.SubmitAsync([task]))[0];
        await silo.WaitForTerminalAsync(id);
        await Testing.Eventually.Until(() => Task.FromResult(_stopped.Count(a => (string?)a.GetTagItem("osched.task.id") == id)), n => n == 1, "the attempt's activity to stop");

        var attempt = AttemptOf(id);
        Assert.Equal(default, attempt.ParentSpanId);
        Assert.Equal(ActivityStatusCode.Error, attempt.Status);
    }

    public void Dispose() => _listener.Dispose();
}
