using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Orleans.TestingHost;
using OrleansScheduler.Grains;
using OrleansScheduler.Server.Tests.Infrastructure;
using OrleansScheduler.Tasks;
using OrleansScheduler.Telemetry;
using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

/// <summary>
/// The silos' instruments in a two-silo cluster, read with a MetricCollector on each silo's own meter factory: what
/// the grains count, and the cluster-wide queue gauges, which only the scheduler grain's silo reports. On the
/// in-memory store only: the instruments are the same on any store.
/// </summary>
public sealed class TelemetryTests(ITestOutputHelper output) : ClusterTestBase(() => new InMemoryClusterStorage(), output)
{
    /// <summary>A queue no silo serves, so what is submitted to it stays Pending.</summary>
    private const string Unserved = "unserved";

    private static MetricCollector<T>[] Collect<T>(SchedulerCluster cluster, string instrument) where T : struct =>
        [.. cluster.ActiveSilos.Select(s => new MetricCollector<T>(SchedulerCluster.Service<IMeterFactory>(s), SchedulerMetrics.MeterName, instrument))];

    [Fact]
    public async Task the_queue_gauges_are_reported_by_the_scheduler_grains_silo_only()
    {
        var cluster = await DeployAsync(2);
        var silos = cluster.ActiveSilos.ToList();
        var depth = Collect<long>(cluster, "osched.queue.depth");
        var age = Collect<double>(cluster, "osched.queue.oldest_pending_age");
        await SubmitAsync("quick", 3, queue: Unserved);
        string host = await Client.GetGrain<ISchedulerGrain>(0).GetHostAsync();
        int hostIndex = silos.FindIndex(s => SchedulerCluster.IdOf(s) == host);

        long seen = await Eventually.Until(() =>
            {
                depth[hostIndex].RecordObservableInstruments();
                return Task.FromResult(depth[hostIndex].LastMeasurement is { } m && (string?)m.Tags["queue"] == Unserved ? m.Value : -1);
            }, d => d == 3, "the scheduler grain's silo to report 3 Pending in the unserved queue", Patience);
        age[hostIndex].RecordObservableInstruments();
        depth[1 - hostIndex].RecordObservableInstruments();
        age[1 - hostIndex].RecordObservableInstruments();

        Assert.Equal(3, seen);
        Assert.Contains(age[hostIndex].GetMeasurementSnapshot(), m => (string?)m.Tags["queue"] == Unserved && m.Value >= 0);
        Assert.Empty(depth[1 - hostIndex].GetMeasurementSnapshot());
        Assert.Empty(age[1 - hostIndex].GetMeasurementSnapshot());
        foreach (var collector in depth.Concat<IDisposable>(age)) collector.Dispose();
    }

    [Fact]
    public async Task a_task_submitted_and_canceled_counts_once_each_across_the_silos_and_the_per_silo_gauges_name_their_silo()
    {
        var cluster = await DeployAsync(2);
        var submitted = Collect<long>(cluster, "osched.tasks.submitted");
        var canceled = Collect<long>(cluster, "osched.tasks.canceled");
        var free = Collect<int>(cluster, "osched.silo.free_slots");

        string id = await SubmitAsync(new TaskSubmission { Type = "quick", Queue = Unserved });
        await Client.GetGrain<ITaskGrain>(id).CancelAsync();

        var submissions = submitted.SelectMany(c => c.GetMeasurementSnapshot()).ToList();
        var submission = Assert.Single(submissions);
        Assert.Equal((1, Unserved, "quick"), (submission.Value, (string?)submission.Tags["queue"], (string?)submission.Tags["type"]));
        Assert.Contains((string?)submission.Tags["silo"], cluster.ActiveSilos.Select(SchedulerCluster.IdOf));
        Assert.Single(canceled.SelectMany(c => c.GetMeasurementSnapshot()));
        foreach (var collector in free) collector.RecordObservableInstruments();
        Assert.Equal(cluster.ActiveSilos.Select(SchedulerCluster.IdOf).Order(),
            free.Select(c => (string)Assert.Single(c.GetMeasurementSnapshot()).Tags["silo"]!).Order());
        foreach (var collector in submitted.Concat<IDisposable>(canceled).Concat(free)) collector.Dispose();
    }
}
