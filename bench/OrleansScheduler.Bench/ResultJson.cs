using System.Text.Json;

namespace OrleansScheduler.Bench;

/// <summary>Writes a report as JSON: machine, settings, per figure its samples, median, min, max, target and whether it is met, and the Redis profiles.</summary>
public static class ResultJson
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The JSON text of <paramref name="report"/>.</summary>
    public static string Serialize(BenchReport report) => JsonSerializer.Serialize(new
    {
        machine = report.Machine,
        smoke = report.Smoke,
        repeat = report.Repeat,
        scenarios = report.Scenarios,
        figures = report.Figures.Select(f => new
        {
            scenario = f.Scenario,
            metric = f.Metric,
            unit = f.Unit,
            median = f.Median,
            min = f.Min,
            max = f.Max,
            samples = f.Samples,
            target = f.Target is { } t ? new { comparison = t.AtLeast ? ">=" : "<=", value = t.Value } : null,
            met = f.Met,
        }),
        skipped = report.Skipped.Select(s => new { scenario = s.Scenario, reason = s.Reason }),
        redisProfiles = report.Profiles.Select(p => new
        {
            scenario = p.Scenario,
            tasks = p.Tasks,
            commands = p.Commands.Select(c => new { command = c.Name, callsPerTask = c.CallsPerTask, microsPerTask = c.MicrosPerTask }),
            slowest = p.Slowest.Select(s => new { command = s.Command, micros = s.Micros }),
        }),
    }, Options);
}
