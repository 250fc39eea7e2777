using OrleansScheduler.Hosting;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Core.Tests;

/// <summary>docs/configuration.md quotes these defaults (and OrleansScheduler.Docs.Tests checks the table against the options); this test fails when code and documentation drift apart.</summary>
public sealed class DocumentedDefaultsTests
{
    [Fact]
    public void silo_options_have_the_documented_defaults()
    {
        var options = new SchedulerOptions();
        Assert.Equal(["default"], options.Queues);
        Assert.True(options.RunWorkers);
        Assert.Equal(100, options.Capacity);
        Assert.Equal(100, options.ClaimBatchSize);
        Assert.Equal(500, options.CompletionBatchSize);
        Assert.Equal(TimeSpan.FromSeconds(1), options.PollInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), options.AttemptCheckInterval);
        Assert.Equal(3, options.MaxFailovers);
        Assert.Equal(FailoverProfile.Default, options.FailoverProfile);
        Assert.Equal(TimeSpan.FromSeconds(1), options.SweepInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), options.BackstopInterval);
        Assert.Empty(options.Labels);
        Assert.Equal(TimeSpan.FromSeconds(30), options.DrainTimeout);
        Assert.Equal(256 * 1024, options.MaxPayloadBytes);
        Assert.Equal(TimeSpan.FromSeconds(10), options.CancellationGracePeriod);
        Assert.Equal(64 * 1024, options.MaxResultBytes);
        Assert.Equal(10_000, options.History.EventStreamLength);
        Assert.Equal(200, options.History.MaxLogLines);
        Assert.Equal(2_000, options.History.MaxLogLineLength);
        Assert.Equal(100, options.History.MaxAttemptHistory);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, options.TaskLogLevel);
        Assert.Empty(options.QueueWeights);
        Assert.Equal((1, 1000), (SchedulerOptionsValidator.MinQueueWeight, SchedulerOptionsValidator.MaxQueueWeight));
    }

    [Fact]
    public void failover_keeps_the_documented_margins()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), Failover.FailoverBackstop.ClockMargin);
        Assert.Equal(TimeSpan.FromDays(7), Storage.ITaskStore.RequeuedSiloMemory);
    }

    [Fact]
    public void task_specs_have_the_documented_defaults_and_bounds()
    {
        var spec = new TaskSubmission { Type = "echo" };
        Assert.Equal("default", spec.Queue);
        Assert.Equal(0, spec.Priority);
        Assert.Equal(3, spec.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(30), spec.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(1), spec.Backoff);
        Assert.Equal((-1000, 1000), (TaskLimits.MinPriority, TaskLimits.MaxPriority));
        Assert.Equal(100, TaskLimits.MaxAttempts);
        Assert.Equal(TimeSpan.FromHours(24), TaskLimits.MaxTimeout);
        Assert.Equal(TimeSpan.FromHours(1), TaskLimits.MaxBackoff);
        Assert.Equal(1000, TaskLimits.MaxBatchSize);
        Assert.Equal(TimeSpan.FromHours(24), TaskLimits.DefaultIdempotencyWindow);
    }

    [Fact]
    public void options_that_cannot_work_are_refused_at_start_naming_each_setting()
    {
        var result = new SchedulerOptionsValidator().Validate(null, new SchedulerOptions { Capacity = 0, Queues = ["ok", "not ok"], PollInterval = TimeSpan.Zero });
        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("Capacity"));
        Assert.Contains(result.Failures!, f => f.Contains("'not ok'"));
        Assert.Contains(result.Failures!, f => f.Contains("PollInterval"));
    }
}
