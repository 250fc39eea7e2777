using OrleansScheduler.Http;

namespace OrleansScheduler.Silo;

/// <summary>
/// Rewrites the command-line shortcuts into the configuration keys they stand for, so one binding path
/// serves appsettings, environment variables and the command line alike: the scheduler's own
/// (<c>--redis</c>, <c>--queues a,b:3</c>, <c>--capacity</c>, <c>--failover fast</c>, section <c>Scheduler</c>)
/// and Orleans' (<c>--silo-name</c>, <c>--silo-port</c>, <c>--gateway-port</c>, <c>--advertise-ip</c>,
/// <c>--cluster-id</c>, <c>--service-id</c>, section <c>Orleans</c>, which Orleans reads itself). Everything
/// else passes through to the host's own command-line provider.
/// </summary>
internal static class SiloArguments
{
    private static readonly Dictionary<string, CommandLineShortcuts.Shortcut> Shortcuts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--redis"] = new(SiloConfiguration.Redis, "--redis 127.0.0.1:6379"),
        ["--queues"] = new("Scheduler:Queues", "--queues default,images:3"),
        ["--capacity"] = new("Scheduler:Capacity", "--capacity 50"),
        ["--failover"] = new("Scheduler:FailoverProfile", "--failover fast"),
        ["--silo-name"] = new("Orleans:Name", "--silo-name silo-a"),
        ["--silo-port"] = new(SiloConfiguration.SiloPort, "--silo-port 11111"),
        ["--gateway-port"] = new(SiloConfiguration.GatewayPort, "--gateway-port 30000"),
        ["--advertise-ip"] = new("Orleans:Endpoints:AdvertisedIPAddress", "--advertise-ip 10.0.0.5"),
        ["--cluster-id"] = new(SiloConfiguration.ClusterId, "--cluster-id prod"),
        ["--service-id"] = new(SiloConfiguration.ServiceId, "--service-id scheduler"),
    };

    /// <summary>The arguments with every shortcut replaced by <c>--Section:Key=value</c>.</summary>
    /// <exception cref="ArgumentException">A shortcut has no value, or a queue list item is malformed.</exception>
    public static string[] Normalize(IReadOnlyList<string> args) =>
        CommandLineShortcuts.Normalize(args, Shortcuts, (name, value) => name.Equals("--queues", StringComparison.OrdinalIgnoreCase) ? QueueKeys(value) : null);

    /// <summary>
    /// A list binds from indexed keys; "a,b:3" becomes Scheduler:Queues:0=a, Scheduler:Queues:1=b and
    /// Scheduler:QueueWeights:b=3 (queue names cannot hold ':').
    /// </summary>
    private static IEnumerable<string> QueueKeys(string value)
    {
        string[] queues = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (queues.Length == 0) throw new ArgumentException($"--queues needs at least one queue name, e.g. {Shortcuts["--queues"].Example}.");
        var keys = new List<string>();
        for (int q = 0; q < queues.Length; q++)
        {
            string item = queues[q];
            if (!item.Contains(':'))
            {
                keys.Add($"--Scheduler:Queues:{q}={item}");
                continue;
            }
            if (!TrySplitWeight(item, out string queue, out int weight))
                throw new ArgumentException($"--queues item '{item}' must be a queue name, or a name and its weight as a whole number (name:weight), e.g. {Shortcuts["--queues"].Example}.");
            keys.Add($"--Scheduler:Queues:{q}={queue}");
            keys.Add($"--Scheduler:QueueWeights:{queue}={weight}");
        }
        return keys;
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
}
