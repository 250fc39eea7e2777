using System.Globalization;
using System.Text;

namespace OrleansScheduler.Bench;

/// <summary>
/// Where Redis spent its time over one run: the top commands of INFO commandstats by µs, per task, and the
/// slowest SLOWLOG entries of the run.
/// </summary>
/// <param name="Scenario">The scenario that took it.</param>
/// <param name="Tasks">The tasks of the run the figures are divided by.</param>
/// <param name="Commands">The top commands, most µs first.</param>
/// <param name="Slowest">The slowest top-level commands of the run (at least <see cref="SlowlogWindow.ThresholdMicros"/> µs), slowest first.</param>
public sealed record RedisProfile(string Scenario, int Tasks, IReadOnlyList<RedisProfile.Command> Commands, IReadOnlyList<SlowCommand> Slowest)
{
    /// <summary>How many commands a profile keeps.</summary>
    public const int TopCommands = 10;

    /// <summary>One command's share of a task: its calls and its µs (a script's include the commands it ran).</summary>
    public sealed record Command(string Name, double CallsPerTask, double MicrosPerTask);

    /// <summary>The profile of a run of <paramref name="tasks"/> tasks whose commands grew by <paramref name="grown"/>.</summary>
    public static RedisProfile From(string scenario, int tasks, CommandStats grown, IReadOnlyList<SlowCommand> slowest) => new(
        scenario,
        tasks,
        [.. grown.Commands.OrderByDescending(c => c.Value.Micros).Take(TopCommands)
            .Select(c => new Command(c.Key, (double)c.Value.Calls / tasks, (double)c.Value.Micros / tasks))],
        slowest);

    /// <summary>The profile as a few lines of text, for under the table.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"where Redis CPU goes ({Scenario}, {Tasks} tasks; a script's µs include the commands it ran):\n");
        int width = Math.Max(7, Commands.Select(c => c.Name.Length).DefaultIfEmpty(0).Max());
        text.Append(CultureInfo.InvariantCulture, $"  {"command".PadRight(width)}  {"calls/task",10}  {"µs/task",8}\n");
        foreach (var c in Commands)
            text.Append(CultureInfo.InvariantCulture, $"  {c.Name.PadRight(width)}  {ResultTable.Number(c.CallsPerTask),10}  {ResultTable.Number(c.MicrosPerTask),8}\n");
        text.Append(CultureInfo.InvariantCulture, $"slowest commands (SLOWLOG, ≥ {SlowlogWindow.ThresholdMicros} µs):");
        text.Append(Slowest.Count == 0 ? " none\n" : "\n");
        foreach (var s in Slowest) text.Append(CultureInfo.InvariantCulture, $"  {s.Command}  {s.Micros} µs\n");
        return text.ToString();
    }
}
