using System.Text.RegularExpressions;

namespace OrleansScheduler.Scheduling.Schedules;

/// <summary>The documented bounds of a schedule definition.</summary>
public static partial class ScheduleLimits
{
    /// <summary>Schedule names: 1–64 of letters, digits, '.', '_' and '-', starting with a letter or digit (as queue names).</summary>
    public const string NamePattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";

    /// <summary>The time zone of a definition that names none.</summary>
    public const string DefaultTimeZone = "UTC";

    /// <summary>True when <paramref name="name"/> is a valid schedule name.</summary>
    public static bool IsValidName(string? name) => name is not null && NameRegex().IsMatch(name);

    [GeneratedRegex(NamePattern)]
    private static partial Regex NameRegex();
}
