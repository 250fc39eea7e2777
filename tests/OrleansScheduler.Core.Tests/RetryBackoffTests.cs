using OrleansScheduler.Tasks;

namespace OrleansScheduler.Core.Tests;

public sealed class RetryBackoffTests
{
    [Theory]
    [InlineData(1, 1000, 0.0, 500)]
    [InlineData(1, 1000, 0.999999, 999)]
    [InlineData(2, 1000, 0.0, 1000)]
    [InlineData(3, 1000, 0.5, 3000)]
    [InlineData(5, 250, 1.0, 4000)]
    [InlineData(1, 0, 0.7, 0)]
    public void the_delay_doubles_per_attempt_with_half_of_it_jittered(int attempt, int baseMs, double jitter, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), RetryBackoff.Delay(attempt, TimeSpan.FromMilliseconds(baseMs), jitter));

    [Fact]
    public void the_delay_never_exceeds_the_cap_however_many_attempts_failed() =>
        Assert.Equal(TaskLimits.MaxBackoff, RetryBackoff.Delay(100, TimeSpan.FromMinutes(10), 1.0));
}
