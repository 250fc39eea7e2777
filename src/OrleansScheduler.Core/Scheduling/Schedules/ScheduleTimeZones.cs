using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace OrleansScheduler.Scheduling.Schedules;

/// <summary>Finds a schedule's time zone by id: IANA ids (<c>Europe/Berlin</c>, <c>UTC</c>) from the system's time zone database.</summary>
public static partial class ScheduleTimeZones
{
    /// <summary>What a zone id may look like: keeps paths and other oddities away from the system lookup.</summary>
    public const string IdPattern = "^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+){0,3}$";

    /// <summary>The longest zone id accepted.</summary>
    public const int MaxIdLength = 64;

    /// <summary>The zone named <paramref name="id"/>, or false with what is wrong in <paramref name="error"/>.</summary>
    public static bool TryFind(string? id, [NotNullWhen(true)] out TimeZoneInfo? zone, out string error)
    {
        zone = null;
        error = "";
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength || !IdRegex().IsMatch(id))
        {
            error = $"timeZone '{id}' is not a time zone id; use an IANA id such as 'Europe/Berlin' or 'UTC'.";
            return false;
        }
        if (id.Equals("UTC", StringComparison.OrdinalIgnoreCase))
        {
            zone = TimeZoneInfo.Utc;
            return true;
        }
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            error = $"timeZone '{id}' is not a known time zone; use an IANA id such as 'Europe/Berlin' or 'UTC'.";
            return false;
        }
    }

    /// <summary>The zone named <paramref name="id"/>.</summary>
    /// <exception cref="TimeZoneNotFoundException">No such zone.</exception>
    public static TimeZoneInfo Find(string id) =>
        TryFind(id, out var zone, out string error) ? zone : throw new TimeZoneNotFoundException(error);

    [GeneratedRegex(IdPattern)]
    private static partial Regex IdRegex();
}
