namespace OrleansScheduler.Bench.Tests;

public sealed class FigureTests
{
    [Fact]
    public void median_min_and_max_come_from_the_samples()
    {
        var odd = new Figure("s", "m", "u", [5, 1, 3], null);
        var even = new Figure("s", "m", "u", [4, 1, 3, 2], null);

        Assert.Equal((3, 1, 5), (odd.Median, odd.Min, odd.Max));
        Assert.Equal(2.5, even.Median);
    }

    [Fact]
    public void a_target_is_met_by_the_median_in_its_direction()
    {
        Assert.True(new Figure("s", "m", "u", [10, 70_000, 65_000], Target.Min(60_000)).Met);
        Assert.False(new Figure("s", "m", "u", [2, 4, 4], Target.Max(3)).Met);
        Assert.Null(new Figure("s", "m", "u", [1], null).Met);
    }

    [Fact]
    public void the_table_has_a_header_and_one_row_per_figure_with_its_verdict()
    {
        string table = ResultTable.Format([new Figure("memory", "used_memory/waiting task", "bytes", [525], Target.Max(150))]);

        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("scenario", lines[0], StringComparison.Ordinal);
        Assert.Contains("<= 150", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("NO", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void redis_counters_are_read_from_info_lines()
    {
        var snapshot = RedisSnapshot.Parse(
        [
            new("used_memory", "1000"), new("used_cpu_sys", "1.5"), new("used_cpu_user", "0.25"),
            new("cmdstat_evalsha", "calls=10,usec=5,usec_per_call=0.5"), new("cmdstat_hset", "calls=7,usec=1"),
        ]);

        Assert.Equal(new RedisSnapshot(1000, 17, 10, 1_750_000), snapshot);
    }

    [Fact]
    public void percentiles_use_the_nearest_rank()
    {
        double[] sorted = [.. Enumerable.Range(1, 100).Select(i => (double)i)];

        Assert.Equal((50, 99, 100), (Percentiles.Of(sorted, 50), Percentiles.Of(sorted, 99), Percentiles.Of(sorted, 100)));
    }
}
