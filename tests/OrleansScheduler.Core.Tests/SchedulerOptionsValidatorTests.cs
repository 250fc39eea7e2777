using Microsoft.Extensions.Logging;
using OrleansScheduler.Hosting;

namespace OrleansScheduler.Core.Tests;

/// <summary>The start-up checks of the options for task logs, result size, queue weights, the stale-attempt check and failover.</summary>
public sealed class SchedulerOptionsValidatorTests
{
    private static IReadOnlyList<string> Failures(SchedulerOptions options) =>
        new SchedulerOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void weights_of_served_queues_between_1_and_1000_are_accepted()
    {
        Assert.Empty(Failures(new SchedulerOptions { Queues = ["a", "b"], QueueWeights = new() { ["a"] = 1, ["b"] = 1000 } }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(1001)]
    public void a_weight_out_of_bounds_is_refused_naming_the_queue_and_the_value(int weight)
    {
        var failure = Assert.Single(Failures(new SchedulerOptions { Queues = ["a"], QueueWeights = new() { ["a"] = weight } }));

        Assert.Equal($"QueueWeights of queue 'a' must be between 1 and 1000 (was {weight}).", failure);
    }

    [Fact]
    public void a_weight_for_a_queue_the_silo_does_not_serve_is_refused()
    {
        var failure = Assert.Single(Failures(new SchedulerOptions { Queues = ["a", "b"], QueueWeights = new() { ["c"] = 2 } }));

        Assert.Equal("QueueWeights names queue 'c', which this silo does not serve (Queues: a, b).", failure);
    }

    [Fact]
    public void a_result_limit_below_one_byte_is_refused()
    {
        Assert.Equal(["MaxResultBytes must be at least 1 (was 0)."], Failures(new SchedulerOptions { MaxResultBytes = 0 }));
    }

    [Fact]
    public void an_undefined_task_log_level_is_refused_and_none_is_accepted()
    {
        Assert.Contains("TaskLogLevel must be one of", Assert.Single(Failures(new SchedulerOptions { TaskLogLevel = (LogLevel)42 })));
        Assert.Empty(Failures(new SchedulerOptions { TaskLogLevel = LogLevel.None }));
    }

    [Fact]
    public void the_defaults_are_accepted()
    {
        Assert.Empty(Failures(new SchedulerOptions()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void an_attempt_check_interval_that_is_not_positive_is_refused(int ms)
    {
        Assert.Equal(["AttemptCheckInterval must be positive."], Failures(new SchedulerOptions { AttemptCheckInterval = TimeSpan.FromMilliseconds(ms) }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void a_backstop_interval_that_is_not_positive_is_refused(int ms)
    {
        Assert.Equal(["BackstopInterval must be positive."], Failures(new SchedulerOptions { BackstopInterval = TimeSpan.FromMilliseconds(ms) }));
    }

    [Fact]
    public void an_undefined_failover_profile_is_refused_naming_the_profiles_and_both_profiles_are_accepted()
    {
        Assert.Equal(["FailoverProfile must be one of Default, Fast (was 7)."], Failures(new SchedulerOptions { FailoverProfile = (FailoverProfile)7 }));
        Assert.Empty(Failures(new SchedulerOptions { FailoverProfile = FailoverProfile.Fast }));
        Assert.Empty(Failures(new SchedulerOptions { FailoverProfile = FailoverProfile.Default }));
    }
}
