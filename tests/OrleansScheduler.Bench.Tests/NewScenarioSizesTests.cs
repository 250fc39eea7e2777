using OrleansScheduler.Bench.Scenarios;

namespace OrleansScheduler.Bench.Tests;

/// <summary>Pins the grain-calls, cluster and replicas scenarios' sizes, which the docs quote.</summary>
public sealed class NewScenarioSizesTests
{
    [Fact]
    public void grain_calls_runs_a_hundred_thousand_tasks_and_ten_thousand_calls_and_a_smoke_run_five_hundred_of_each()
    {
        Assert.Equal((100_000, 10_000), (BenchSizes.Full.GrainCallTasks, BenchSizes.Full.GrainCalls));
        Assert.Equal((500, 500), (BenchSizes.Smoke.GrainCallTasks, BenchSizes.Smoke.GrainCalls));
    }

    [Fact]
    public void cluster_spreads_eighty_thousand_tasks_and_a_smoke_run_four_hundred_evenly_over_eight_queues()
    {
        Assert.Equal((80_000, 400), (BenchSizes.Full.ClusterTasks, BenchSizes.Smoke.ClusterTasks));
        Assert.Equal(8, ClusterScenario.QueueNames.Distinct().Count());
        Assert.Equal(0, BenchSizes.Full.ClusterTasks % ClusterScenario.Queues);
        Assert.Equal(0, BenchSizes.Smoke.ClusterTasks % ClusterScenario.Queues);
    }

    [Fact]
    public void replicas_submits_twenty_thousand_tasks_per_WaitReplicas_setting_and_a_smoke_run_five_hundred()
    {
        Assert.Equal((20_000, 500), (BenchSizes.Full.ReplicaTasks, BenchSizes.Smoke.ReplicaTasks));
    }
}
