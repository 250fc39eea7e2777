using System.Text.RegularExpressions;

namespace OrleansScheduler.Hosting;

/// <summary>
/// Who this silo is: a stable <see cref="Name"/> and the id of its current incarnation,
/// <c>name.generation</c> (the generation in base 36 from the start time in ms). A new incarnation
/// is made when the silo rejoins after being declared dead, so nothing it did in its previous life
/// (running sets, fencing tokens) can be mistaken for what it does now.
/// </summary>
public sealed partial class SiloIdentity
{
    /// <summary>Silo names: 1–48 of letters, digits, '_' and '-', starting with a letter or digit ('.' separates the generation).</summary>
    public const string NamePattern = "^[A-Za-z0-9][A-Za-z0-9_-]{0,47}$";

    private readonly Lock _gate = new();
    private long _generation;
    private volatile string _id;

    /// <summary>An identity named <paramref name="name"/>, first incarnation at <paramref name="now"/>.</summary>
    public SiloIdentity(string name, DateTimeOffset now)
    {
        if (!IsValidName(name)) throw new ArgumentException($"Silo name '{name}' must match {NamePattern}.", nameof(name));
        Name = name;
        _id = NextIncarnation(now);
    }

    /// <summary>The silo's name, the same across incarnations.</summary>
    public string Name { get; }

    /// <summary>The current incarnation id; claims, heartbeats and the membership entry use it.</summary>
    public string Id => _id;

    /// <summary>True when <paramref name="name"/> is a valid silo name.</summary>
    public static bool IsValidName(string? name) => name is not null && NameRegex().IsMatch(name);

    /// <summary>An identity with the configured name, or one made of the machine name, process id and a random suffix.</summary>
    public static SiloIdentity Create(string? configured, DateTimeOffset now)
    {
        if (!string.IsNullOrEmpty(configured)) return new SiloIdentity(configured, now);
        string machine = NotNameChars().Replace(Environment.MachineName, "-").Trim('-', '_');
        if (machine.Length == 0) machine = "silo";
        if (machine.Length > 30) machine = machine[..30];
        return new SiloIdentity($"{machine}-{Environment.ProcessId}-{Random.Shared.Next(0x10000):x4}", now);
    }

    /// <summary>Starts a new incarnation and returns its id; generations only grow, even within one millisecond.</summary>
    public string NextIncarnation(DateTimeOffset now)
    {
        lock (_gate)
        {
            _generation = Math.Max(_generation + 1, now.ToUnixTimeMilliseconds());
            _id = $"{Name}.{ToBase36(_generation)}";
            return _id;
        }
    }

    private static string ToBase36(long value)
    {
        const string digits = "0123456789abcdefghijklmnopqrstuvwxyz";
        Span<char> buffer = stackalloc char[13];
        int i = buffer.Length;
        do
        {
            buffer[--i] = digits[(int)(value % 36)];
            value /= 36;
        }
        while (value > 0);
        return new string(buffer[i..]);
    }

    [GeneratedRegex(NamePattern)]
    private static partial Regex NameRegex();

    [GeneratedRegex("[^A-Za-z0-9_-]")]
    private static partial Regex NotNameChars();
}
