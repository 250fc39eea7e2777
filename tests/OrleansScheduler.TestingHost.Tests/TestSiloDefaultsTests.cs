using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansScheduler.Hosting;

namespace OrleansScheduler.TestingHost.Tests;

/// <summary>Pins the timings the testing host documents, and who wins when a test configures its silos.</summary>
public sealed class TestSiloDefaultsTests
{
    [Fact]
    public void the_documented_test_timings_are_short_failure_detection_timings()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(100), TestSiloDefaults.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), TestSiloDefaults.DeadAfter);
        Assert.Equal(TimeSpan.FromMilliseconds(100), TestSiloDefaults.SweepInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), TestSiloDefaults.RoleLeaseTime);
        Assert.Equal(TimeSpan.FromMilliseconds(100), TestSiloDefaults.PollInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), TestSiloDefaults.DrainTimeout);
    }

    [Fact]
    public async Task silos_start_with_the_test_timings_then_the_tests_options_and_always_the_clusters_name()
    {
        await using var cluster = new TestClusterBuilder(1)
            .ConfigureSilos(o =>
            {
                o.Capacity = 7;
                o.DeadAfter = TimeSpan.FromSeconds(2);
                o.SiloId = "everyone";
            })
            .Build();
        await cluster.DeployAsync();

        var options = cluster.Silos[0].Services.GetRequiredService<IOptions<SchedulerOptions>>().Value;
        Assert.Equal("silo-1", options.SiloId);
        Assert.Equal(7, options.Capacity);
        Assert.Equal(TimeSpan.FromSeconds(2), options.DeadAfter);
        Assert.Equal(TestSiloDefaults.HeartbeatInterval, options.HeartbeatInterval);
        Assert.Equal(TestSiloDefaults.SweepInterval, options.SweepInterval);
        Assert.Equal(TestSiloDefaults.RoleLeaseTime, options.RoleLeaseTime);
        Assert.Equal(TestSiloDefaults.PollInterval, options.PollInterval);
        Assert.Equal(TestSiloDefaults.DrainTimeout, options.DrainTimeout);
    }
}
