using System.Text.RegularExpressions;

namespace OrleansScheduler.Hosting;

/// <summary>The id this silo runs under; unique per process start unless configured.</summary>
public sealed partial class SiloIdentity(string id)
{
    /// <summary>The silo id.</summary>
    public string Id { get; } = id;

    /// <summary>An id from the configured one, or machine name, process id and a random suffix.</summary>
    public static SiloIdentity Create(string? configured)
    {
        if (!string.IsNullOrEmpty(configured)) return new SiloIdentity(configured);
        string machine = NotIdChars().Replace(Environment.MachineName, "-").Trim('-', '.', '_');
        if (machine.Length == 0) machine = "silo";
        if (machine.Length > 40) machine = machine[..40];
        return new SiloIdentity($"{machine}-{Environment.ProcessId}-{Random.Shared.Next(0x10000):x4}");
    }

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex NotIdChars();
}
