using System.Text.Json;
using OrleansScheduler.Bench.Scenarios;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Bench.Tests;

/// <summary>
/// Runs every scenario of the suite in smoke mode against a real redis-server (and, for the cluster
/// scenario, a real 3-primary Redis Cluster), so the harness cannot rot. Figures are not outcomes: only
/// that each scenario measured something and the JSON is whole.
/// </summary>
public sealed class SmokeSuiteTests(RedisServer redis, RedisClusterServer cluster) : IClassFixture<RedisServer>, IClassFixture<RedisClusterServer>
{
    [Fact]
    public async Task every_scenario_reports_positive_figures_and_the_json_names_them_all()
    {
        var options = BenchOptions.Parse(["--redis", redis.ConnectionString, "--redis-cluster", cluster.Endpoints, "--smoke"]);
        var log = new StringWriter();

        var report = await BenchSuite.RunAsync(options, log);

        foreach (var scenario in BenchSuite.All)
            Assert.Contains(report.Figures, f => f.Scenario == scenario.Name);
        foreach (var figure in report.Figures)
        {
            Assert.Single(figure.Samples);
            Assert.True(double.IsFinite(figure.Median), $"{figure.Scenario} {figure.Metric} is {figure.Median}");
            // submit→finished and the fan-out's durations come from the store's whole-millisecond timestamps and may be 0 ms
            if (FromStoreMilliseconds(figure)) Assert.True(figure.Median >= 0, $"{figure.Scenario} {figure.Metric} is {figure.Median}");
            else Assert.True(figure.Median > 0, $"{figure.Scenario} {figure.Metric} is {figure.Median}\n{log}");
        }

        using var json = JsonDocument.Parse(ResultJson.Serialize(report));
        var figures = json.RootElement.GetProperty("figures");
        Assert.Equal(report.Figures.Count, figures.GetArrayLength());
        Assert.All(figures.EnumerateArray(), f => Assert.True(f.GetProperty("median").GetDouble() >= 0));
        Assert.Equal(Environment.ProcessorCount, json.RootElement.GetProperty("machine").GetProperty("cores").GetInt32());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("machine").GetProperty("redisVersion").GetString()));
        var profile = Assert.Single(json.RootElement.GetProperty("redisProfiles").EnumerateArray());
        Assert.Equal("efficiency", profile.GetProperty("scenario").GetString());
        Assert.Contains(profile.GetProperty("commands").EnumerateArray(), c => c.GetProperty("command").GetString() == "fcall" && c.GetProperty("microsPerTask").GetDouble() > 0);
        Assert.True(profile.GetProperty("slowest").GetArrayLength() <= 5);
        Assert.Contains("throughput", ResultTable.Format(report.Figures), StringComparison.Ordinal);
        Assert.Contains(report.Figures, f => f.Scenario == "fanout" && f.Metric == $"{BenchSizes.Smoke.FanOutChildren} children" && f.Unit == "tasks/s");
        Assert.Contains(report.Figures, f => f.Scenario == "fanout" && f.Target == FanOutScenario.JoinGoal);
        Assert.Empty(report.Skipped);
        Assert.Equal(
            ["store loop cpu/task", "grain path cpu/task", "grain-call overhead per task", "store loop", "grain path", "no-op grain call in silo p50", "no-op grain call via client p50"],
            report.Figures.Where(f => f.Scenario == "grain-calls").Select(f => f.Metric));
        Assert.Equal(["single redis, 8 queues", "redis cluster 3 primaries, 8 queues", "cluster / single"],
            report.Figures.Where(f => f.Scenario == "cluster").Select(f => f.Metric));
        Assert.Equal(["batches", "one task p50", "one task p99"], report.Figures.Where(f => f.Scenario == "replicas" && f.Metric.StartsWith("WaitReplicas 1 ", StringComparison.Ordinal))
            .Select(f => f.Metric["WaitReplicas 1 ".Length..]));
        Assert.Equal(RoutingScenario.Routings(BenchSizes.Smoke.RoutingKeys).Select(r => r.Metric),
            report.Figures.Where(f => f.Scenario == "routing" && f.Unit == "tasks/s").Select(f => f.Metric));
    }

    [Fact]
    public async Task without_a_redis_cluster_the_cluster_scenario_is_skipped_with_a_note_under_the_table_and_in_the_json()
    {
        var options = BenchOptions.Parse(["--redis", redis.ConnectionString, "--smoke", "--scenario", "cluster"]);

        var report = await BenchSuite.RunAsync(options, TextWriter.Null);

        Assert.Empty(report.Figures);
        Assert.Equal("cluster", Assert.Single(report.Skipped).Scenario);
        string note = ResultTable.Format(report.Figures, report.Skipped).Split('\n')[1];
        Assert.StartsWith("cluster ", note, StringComparison.Ordinal);
        Assert.Contains("(skipped: no --redis-cluster given", note, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(ResultJson.Serialize(report));
        Assert.Equal("cluster", json.RootElement.GetProperty("skipped")[0].GetProperty("scenario").GetString());
    }

    private static bool FromStoreMilliseconds(Figure figure) =>
        figure.Metric.Contains("finished", StringComparison.Ordinal) || (figure.Scenario == "fanout" && figure.Unit == "ms");
}
