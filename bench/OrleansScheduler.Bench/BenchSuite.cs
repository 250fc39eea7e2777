using OrleansScheduler.Bench.Scenarios;

namespace OrleansScheduler.Bench;

/// <summary>Runs the chosen scenarios, each <see cref="BenchOptions.Repeat"/> times, and aggregates their figures.</summary>
public static class BenchSuite
{
    /// <summary>Every scenario, in the order a full run takes them.</summary>
    public static IReadOnlyList<IScenario> All { get; } =
    [
        new ThroughputScenario(),
        new SubmitScenario(),
        new LatencyScenario(),
        new MemoryScenario(),
        new EfficiencyScenario(),
        new CallCostScenario(),
        new FanOutScenario(),
        new RoutingScenario(),
        new GrainCallsScenario(),
        new ClusterScenario(),
        new FailoverScenario(),
        new ScaleOutScenario(),
        new ReplicasScenario(),
    ];

    /// <summary>Runs the scenarios <paramref name="options"/> names (all when it names none).</summary>
    /// <exception cref="ArgumentException">A named scenario does not exist.</exception>
    public static async Task<BenchReport> RunAsync(BenchOptions options, TextWriter log, CancellationToken cancellationToken = default)
    {
        var chosen = Choose(options.Scenarios);
        var sizes = options.Smoke ? BenchSizes.Smoke : BenchSizes.Full;
        await using var admin = await RedisAdmin.ConnectAsync(options.Redis);
        var machine = MachineInfo.Current(await admin.VersionAsync());
        var context = new BenchContext(options.Redis, sizes, admin, log, options.RedisCluster);

        var figures = new List<Figure>();
        var skipped = new List<SkippedScenario>();
        foreach (var scenario in chosen)
        {
            var runs = new List<IReadOnlyList<Measurement>>();
            for (int run = 1; run <= options.Repeat; run++)
            {
                log.WriteLine($"{scenario.Name}: run {run} of {options.Repeat}");
                try
                {
                    runs.Add(await scenario.RunOnceAsync(context, cancellationToken));
                }
                catch (ScenarioSkippedException e)
                {
                    log.WriteLine($"  {scenario.Name}: skipped, {e.Message}");
                    skipped.Add(new SkippedScenario(scenario.Name, e.Message));
                    break;
                }
            }
            figures.AddRange(runs.SelectMany(r => r)
                .GroupBy(m => m.Metric)
                .Select(g => new Figure(scenario.Name, g.Key, g.First().Unit, [.. g.Select(m => m.Value)], g.First().Target)));
        }
        return new BenchReport(machine, options.Smoke, options.Repeat, figures, [.. chosen.Select(s => s.Name)], context.Profiles, skipped);
    }

    private static IReadOnlyList<IScenario> Choose(IReadOnlyList<string> names)
    {
        if (names.Count == 0) return All;
        return [.. names.Select(name => All.FirstOrDefault(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"Unknown scenario '{name}'; expected one of: {string.Join(", ", All.Select(s => s.Name))}."))];
    }
}
