namespace OrleansScheduler.Silo;

/// <summary>
/// Rewrites the command-line shortcuts (<c>--redis</c>, <c>--queues a,b:3</c>, <c>--capacity</c>,
/// <c>--silo-id</c>) into the configuration keys they stand for, so one binding path
/// (section <c>Scheduler</c>) serves appsettings, environment variables and the command line alike.
/// Everything else passes through to the host's own command-line provider.
/// </summary>
internal static class SiloArguments
{
    private static readonly Dictionary<string, string> Shortcuts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--redis"] = "Scheduler:Redis",
        ["--capacity"] = "Scheduler:Capacity",
        ["--silo-id"] = "Scheduler:SiloId",
    };

    /// <summary>The arguments with every shortcut replaced by <c>--Section:Key=value</c>.</summary>
    /// <exception cref="ArgumentException">A shortcut has no value.</exception>
    public static string[] Normalize(IReadOnlyList<string> args)
    {
        var result = new List<string>(args.Count);
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            int equals = arg.IndexOf('=');
            string name = equals > 0 ? arg[..equals] : arg;
            bool isQueues = name.Equals("--queues", StringComparison.OrdinalIgnoreCase);
            if (!isQueues && !Shortcuts.ContainsKey(name))
            {
                result.Add(arg);
                continue;
            }
            string value;
            if (equals > 0) value = arg[(equals + 1)..];
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) value = args[++i];
            else throw new ArgumentException($"{name} needs a value, e.g. {Example(name)}.");

            if (isQueues)
            {
                // A list binds from indexed keys; "a,b:3" becomes Scheduler:Queues:0=a, Scheduler:Queues:1=b
                // and Scheduler:QueueWeights:b=3 (queue names cannot hold ':').
                string[] queues = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (queues.Length == 0) throw new ArgumentException($"--queues needs at least one queue name, e.g. {Example(name)}.");
                for (int q = 0; q < queues.Length; q++) result.AddRange(QueueKeys(q, queues[q]));
            }
            else
            {
                result.Add($"--{Shortcuts[name]}={value}");
            }
        }
        return [.. result];
    }

    private static IEnumerable<string> QueueKeys(int index, string item)
    {
        if (!item.Contains(':')) return [$"--Scheduler:Queues:{index}={item}"];
        if (!TrySplitWeight(item, out string queue, out int weight))
            throw new ArgumentException($"--queues item '{item}' must be a queue name, or a name and its weight as a whole number (name:weight), e.g. {Example("--queues")}.");
        return [$"--Scheduler:Queues:{index}={queue}", $"--Scheduler:QueueWeights:{queue}={weight}"];
    }

    /// <summary>Splits a queue list item <c>name:weight</c> (queue names cannot hold ':'); false when it is not one.</summary>
    internal static bool TrySplitWeight(string item, out string queue, out int weight)
    {
        int colon = item.IndexOf(':');
        queue = colon < 0 ? item.Trim() : item[..colon].Trim();
        weight = 0;
        return colon >= 0 && queue.Length > 0
            && int.TryParse(item[(colon + 1)..].Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out weight);
    }

    private static string Example(string name) => name.ToLowerInvariant() switch
    {
        "--redis" => "--redis 127.0.0.1:6379",
        "--queues" => "--queues default,images:3",
        "--capacity" => "--capacity 50",
        "--silo-id" => "--silo-id silo-a",
        _ => name + " VALUE",
    };
}
