using OrleansScheduler.Alerts;

namespace OrleansScheduler.Core.Tests.Alerts;

public sealed class WebhookRetryScheduleTests
{
    [Fact]
    public void the_waits_double_from_the_base_up_to_the_cap_and_stop_after_the_last_attempt()
    {
        var schedule = new WebhookRetrySchedule(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), MaxAttempts: 5);

        Assert.Equal([1, 2, 4, 5], Enumerable.Range(1, 4).Select(a => schedule.DelayAfter(a)!.Value.TotalSeconds));
        Assert.Null(schedule.DelayAfter(5));
    }

    [Fact]
    public void the_documented_defaults_are_1_s_doubling_to_1_minute_over_6_deliveries()
    {
        var options = new AlertOptions();

        Assert.Equal(new WebhookRetrySchedule(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), 6), options.RetrySchedule);
        Assert.Equal(TimeSpan.FromMinutes(10), options.DedupWindow);
        Assert.Equal(TimeSpan.FromSeconds(5), options.EvaluationInterval);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(429, true)]
    [InlineData(408, true)]
    [InlineData(400, false)]
    [InlineData(404, false)]
    public void no_answer_408_429_and_5xx_are_retried_and_other_refusals_are_not(int? status, bool retried) =>
        Assert.Equal(retried, WebhookRetrySchedule.IsRetryable(status));
}
