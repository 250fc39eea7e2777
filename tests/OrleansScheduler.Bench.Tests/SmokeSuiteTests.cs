using System.Text.Json;
using OrleansScheduler.Bench.Scenarios;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Bench.Tests;

/// <summary>
/// Runs every scenario of the suite in smoke mode against a real redis-server, so the harness cannot
/// rot. Figures are not outcomes: only that each scenario measured something and the JSON is whole.
/// </summary>
public sealed class SmokeSuiteTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task every_scenario_reports_positive_figures_and_the_json_names_them_all()
    {
        var options = BenchOptions.Parse(["--redis", redis.ConnectionString, "--smoke"]);
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
        Assert.Contains(profile.GetProperty("commands").EnumerateArray(), c => c.GetProperty("command").GetString() == "evalsha" && c.GetProperty("microsPerTask").GetDouble() > 0);
        Assert.True(profile.GetProperty("slowest").GetArrayLength() <= 5);
        Assert.Contains("throughput", ResultTable.Format(report.Figures), StringComparison.Ordinal);
        Assert.Contains(report.Figures, f => f.Scenario == "fanout" && f.Metric == $"{BenchSizes.Smoke.FanOutChildren} children" && f.Unit == "tasks/s");
        Assert.Contains(report.Figures, f => f.Scenario == "fanout" && f.Target == FanOutScenario.JoinGoal);
        Assert.Equal(RoutingScenario.Routings(BenchSizes.Smoke.RoutingKeys).Select(r => r.Metric),
            report.Figures.Where(f => f.Scenario == "routing" && f.Unit == "tasks/s").Select(f => f.Metric));
    }

    private static bool FromStoreMilliseconds(Figure figure) =>
        figure.Metric.Contains("finished", StringComparison.Ordinal) || (figure.Scenario == "fanout" && figure.Unit == "ms");
}
