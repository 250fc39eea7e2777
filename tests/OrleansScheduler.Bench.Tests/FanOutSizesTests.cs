using OrleansScheduler.Bench.Scenarios;

namespace OrleansScheduler.Bench.Tests;

/// <summary>Pins the fan-out scenario's sizes and target, which docs/performance.md quotes.</summary>
public sealed class FanOutSizesTests
{
    [Fact]
    public void a_full_run_fans_out_ten_thousand_children_and_a_smoke_run_two_hundred()
    {
        Assert.Equal(10_000, BenchSizes.Full.FanOutChildren);
        Assert.Equal(200, BenchSizes.Smoke.FanOutChildren);
    }

    [Fact]
    public void the_join_should_start_within_fifty_milliseconds_of_the_last_child()
    {
        Assert.Equal(Target.Max(50), FanOutScenario.JoinGoal);
    }
}
