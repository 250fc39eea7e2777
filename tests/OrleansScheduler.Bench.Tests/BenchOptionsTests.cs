namespace OrleansScheduler.Bench.Tests;

public sealed class BenchOptionsTests
{
    [Fact]
    public void repeat_defaults_to_three_and_to_one_in_smoke_mode()
    {
        Assert.Equal(3, BenchOptions.Parse(["--redis", "127.0.0.1:1"]).Repeat);
        Assert.Equal(1, BenchOptions.Parse(["--redis", "127.0.0.1:1", "--smoke"]).Repeat);
        Assert.Equal(5, BenchOptions.Parse(["--redis", "127.0.0.1:1", "--smoke", "--repeat", "5"]).Repeat);
    }

    [Fact]
    public void scenarios_can_be_named_one_by_one_or_comma_separated()
    {
        var options = BenchOptions.Parse(["--redis", "r", "--scenario", "submit,memory", "--scenario", "latency"]);

        Assert.Equal(["submit", "memory", "latency"], options.Scenarios);
    }

    [Fact]
    public void a_redis_cluster_is_given_by_its_endpoints_and_is_optional()
    {
        Assert.Null(BenchOptions.Parse(["--redis", "r"]).RedisCluster);
        Assert.Equal("127.0.0.1:7001,127.0.0.1:7002", BenchOptions.Parse(["--redis", "r", "--redis-cluster", "127.0.0.1:7001,127.0.0.1:7002"]).RedisCluster);
    }

    [Theory]
    [InlineData("--smoke")]
    [InlineData("--redis", "r", "--repeat", "0")]
    [InlineData("--redis", "r", "--bogus")]
    [InlineData("--redis")]
    public void bad_command_lines_are_refused(params string[] args) =>
        Assert.Throws<ArgumentException>(() => BenchOptions.Parse(args));

    [Fact]
    public async Task an_unknown_scenario_is_refused_before_connecting()
    {
        var options = BenchOptions.Parse(["--redis", "127.0.0.1:1", "--scenario", "nope"]);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => BenchSuite.RunAsync(options, TextWriter.Null));
        Assert.Contains("nope", error.Message, StringComparison.Ordinal);
    }
}
