using System.Globalization;

namespace OrleansScheduler.Bench;

/// <summary>
/// INFO commandstats by command: how many calls and how many µs each command took (a script's µs include
/// the commands it ran, which are counted under their own names too).
/// </summary>
public sealed record CommandStats(IReadOnlyDictionary<string, CommandCount> Commands)
{
    /// <summary>Reads the <c>cmdstat_&lt;name&gt;:calls=…,usec=…</c> lines of <c>INFO commandstats</c>.</summary>
    public static CommandStats Parse(IEnumerable<KeyValuePair<string, string>> info)
    {
        var commands = new Dictionary<string, CommandCount>(StringComparer.Ordinal);
        foreach (var (key, value) in info)
        {
            if (!key.StartsWith("cmdstat_", StringComparison.Ordinal)) continue;
            long calls = 0, micros = 0;
            foreach (string part in value.Split(','))
            {
                if (part.StartsWith("calls=", StringComparison.Ordinal)) calls = long.Parse(part.AsSpan("calls=".Length), CultureInfo.InvariantCulture);
                else if (part.StartsWith("usec=", StringComparison.Ordinal)) micros = long.Parse(part.AsSpan("usec=".Length), CultureInfo.InvariantCulture);
            }
            commands[key["cmdstat_".Length..]] = new CommandCount(calls, micros);
        }
        return new CommandStats(commands);
    }

    /// <summary>What each command added since <paramref name="before"/>; commands that did not run are left out.</summary>
    public CommandStats Since(CommandStats before)
    {
        var grown = new Dictionary<string, CommandCount>(StringComparer.Ordinal);
        foreach (var (name, now) in Commands)
        {
            var then = before.Commands.GetValueOrDefault(name);
            var delta = new CommandCount(now.Calls - then.Calls, now.Micros - then.Micros);
            if (delta.Calls > 0) grown[name] = delta;
        }
        return new CommandStats(grown);
    }
}
