using OrleansScheduler.Bench.Scenarios;
using OrleansScheduler.Hosting;

namespace OrleansScheduler.Bench.Tests;

/// <summary>Pins the arithmetic the failover scenario's doc comment gives for its targets.</summary>
public sealed class FailoverBoundTests
{
    [Fact]
    public void the_default_profile_allows_three_missed_five_second_probes_a_poll_and_a_second()
    {
        Assert.Equal(TimeSpan.FromSeconds(3 * 5 + 1 + 1), FailoverScenario.Bound(FailoverProfile.Default));
    }

    [Fact]
    public void the_fast_profile_allows_two_missed_half_second_probes_a_poll_and_a_second()
    {
        Assert.Equal(TimeSpan.FromSeconds(2 * 0.5 + 1 + 1), FailoverScenario.Bound(FailoverProfile.Fast));
    }

    [Fact]
    public void a_full_run_measures_both_profiles_and_a_smoke_run_the_fast_one()
    {
        Assert.Equal([FailoverProfile.Default, FailoverProfile.Fast], BenchSizes.Full.FailoverProfiles);
        Assert.Equal([FailoverProfile.Fast], BenchSizes.Smoke.FailoverProfiles);
    }
}
