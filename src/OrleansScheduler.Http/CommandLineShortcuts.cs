namespace OrleansScheduler.Http;

/// <summary>
/// Rewrites command-line shortcuts (<c>--redis HOST:PORT</c>) into the configuration keys they stand for
/// (<c>--Scheduler:Redis=HOST:PORT</c>), so one binding path serves appsettings, environment variables and
/// the command line; everything else passes through to the host's own command-line provider.
/// </summary>
public static class CommandLineShortcuts
{
    /// <summary>One shortcut: the configuration key it stands for, and an example for the error when its value is missing.</summary>
    /// <param name="Key">The configuration key, e.g. <c>Scheduler:Redis</c>.</param>
    /// <param name="Example">A use, e.g. <c>--redis 127.0.0.1:6379</c>.</param>
    public sealed record Shortcut(string Key, string Example);

    /// <summary>
    /// The arguments with every shortcut in <paramref name="shortcuts"/> replaced by <c>--key=value</c>;
    /// <paramref name="expand"/>, when given, turns a shortcut's value into the arguments it stands for instead.
    /// </summary>
    /// <exception cref="ArgumentException">A shortcut has no value (or <paramref name="expand"/> refused it).</exception>
    public static string[] Normalize(IReadOnlyList<string> args, IReadOnlyDictionary<string, Shortcut> shortcuts,
        Func<string, string, IEnumerable<string>?>? expand = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = new List<string>(args.Count);
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            int equals = arg.IndexOf('=');
            string name = equals > 0 ? arg[..equals] : arg;
            if (!shortcuts.TryGetValue(name, out var shortcut))
            {
                result.Add(arg);
                continue;
            }
            string value;
            if (equals > 0) value = arg[(equals + 1)..];
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) value = args[++i];
            else throw new ArgumentException($"{name} needs a value, e.g. {shortcut.Example}.");
            if (expand?.Invoke(name, value) is { } expanded) result.AddRange(expanded);
            else result.Add($"--{shortcut.Key}={value}");
        }
        return [.. result];
    }
}
