namespace OrleansScheduler.Bench;

/// <summary>
/// The harness's entry point (see bench/run.sh, which starts a redis-server of its own and runs it).
/// Not top-level statements: those would declare a global <c>Program</c> beside the silo executable's,
/// which the harness references (so that compose/cluster.sh runs a silo built alongside it).
/// </summary>
public static class BenchProgram
{
    /// <summary>Runs the scenarios the arguments name, prints the table and writes the JSON.</summary>
    public static async Task<int> Main(string[] args)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 64; // EX_USAGE
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        var report = await BenchSuite.RunAsync(options, Console.Error, cancel.Token);

        Console.WriteLine(Heading(report));
        Console.WriteLine(ResultTable.Format(report.Figures, report.Skipped));
        // the last run's profile of each scenario that took one; the JSON holds every run's
        foreach (var profile in report.Profiles.GroupBy(p => p.Scenario).Select(g => g.Last()))
            Console.WriteLine(profile.Format());
        if (options.JsonPath is { } path)
        {
            await File.WriteAllTextAsync(path, ResultJson.Serialize(report));
            Console.WriteLine($"figures written to {path}");
        }
        return 0;
    }

    /// <summary>One line saying when, how and where the figures were measured.</summary>
    public static string Heading(BenchReport report)
    {
        var m = report.Machine;
        return $"OrleansScheduler bench {(report.Smoke ? "(smoke) " : "")}{m.Date:yyyy-MM-dd HH:mm} UTC, {report.Repeat} run(s) each; " +
               $"{m.Cores} cores, {m.MemoryBytes / (1024 * 1024 * 1024.0):F1} GiB, {m.Os}, {m.Runtime}, redis {m.RedisVersion}";
    }
}
