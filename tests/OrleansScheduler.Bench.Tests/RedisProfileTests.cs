namespace OrleansScheduler.Bench.Tests;

public sealed class RedisProfileTests
{
    private static CommandStats Stats(params (string Name, string Line)[] lines) =>
        CommandStats.Parse(lines.Select(l => new KeyValuePair<string, string>("cmdstat_" + l.Name, l.Line)));

    [Fact]
    public void commandstats_lines_give_each_command_its_calls_and_microseconds()
    {
        var stats = Stats(("evalsha", "calls=10,usec=500,usec_per_call=50.00,rejected_calls=0,failed_calls=0"), ("script|load", "calls=2,usec=7"));

        Assert.Equal(new CommandCount(10, 500), stats.Commands["evalsha"]);
        Assert.Equal(new CommandCount(2, 7), stats.Commands["script|load"]);
    }

    [Fact]
    public void a_run_counts_only_what_each_command_added_and_leaves_out_those_that_did_not_run()
    {
        var before = Stats(("evalsha", "calls=10,usec=500"), ("hset", "calls=4,usec=8"));
        var after = Stats(("evalsha", "calls=30,usec=1500"), ("hset", "calls=4,usec=8"), ("xadd", "calls=5,usec=10"));

        var grown = after.Since(before);

        Assert.Equal(new CommandCount(20, 1000), grown.Commands["evalsha"]);
        Assert.Equal(new CommandCount(5, 10), grown.Commands["xadd"]);
        Assert.False(grown.Commands.ContainsKey("hset"));
    }

    [Fact]
    public void the_profile_lists_the_costliest_commands_first_per_task_and_prints_the_slowest_entries()
    {
        var grown = Stats(("hset", "calls=50,usec=100"), ("evalsha", "calls=10,usec=2000"), ("xadd", "calls=20,usec=300"));

        var profile = RedisProfile.From("efficiency", 100, grown, [new SlowCommand("evalsha 1a2b3c4d", 900)]);

        Assert.Equal(["evalsha", "xadd", "hset"], profile.Commands.Select(c => c.Name));
        Assert.Equal((0.1, 20.0), (profile.Commands[0].CallsPerTask, profile.Commands[0].MicrosPerTask));
        string text = profile.Format();
        Assert.Contains("where Redis CPU goes", text, StringComparison.Ordinal);
        Assert.Contains("evalsha 1a2b3c4d  900 µs", text, StringComparison.Ordinal);
    }
}
