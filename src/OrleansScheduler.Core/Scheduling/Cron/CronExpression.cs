using System.Diagnostics.CodeAnalysis;

namespace OrleansScheduler.Scheduling.Cron;

/// <summary>
/// A cron expression: when a schedule fires, as wall-clock times in a time zone. Pure: no I/O.
/// </summary>
/// <remarks>
/// <para><b>Syntax.</b> Five fields, <c>minute hour day-of-month month day-of-week</c>, or six with
/// <c>second</c> first. Each field is a comma-separated list of <c>*</c>, values, ranges <c>a-b</c> and
/// steps <c>*/n</c>, <c>a-b/n</c>, <c>a/n</c> (from a to the end of the field). Months may be named
/// JAN–DEC and days SUN–SAT (any case); day-of-week is 0–7 with 0 and 7 both Sunday. <c>?</c> is
/// <c>*</c> in the two day fields; <c>L</c> in day-of-month is the last day of the month. Macros:
/// <c>@yearly</c>/<c>@annually</c> (<c>0 0 1 1 *</c>), <c>@monthly</c> (<c>0 0 1 * *</c>), <c>@weekly</c>
/// (<c>0 0 * * 0</c>), <c>@daily</c>/<c>@midnight</c> (<c>0 0 * * *</c>), <c>@hourly</c> (<c>0 * * * *</c>).</para>
/// <para><b>Days.</b> As in Vixie cron: when both day-of-month and day-of-week restrict (neither starts
/// with <c>*</c> or <c>?</c>), a day matches if <i>either</i> matches (<c>0 0 13 * FRI</c> is every 13th
/// and every Friday); otherwise both must.</para>
/// <para><b>Daylight saving time</b> (see <see cref="GetNextOccurrence"/>): a wall-clock time skipped by
/// a spring-forward fires once, at the first instant after the gap; a wall-clock time repeated by a
/// fall-back fires once, at its first occurrence, unless the hour field matches every hour (<c>*</c>),
/// in which case it fires at both, so <c>*/30 * * * *</c> keeps firing every 30 minutes of real time.</para>
/// </remarks>
public sealed class CronExpression
{
    /// <summary>How far ahead <see cref="GetNextOccurrence"/> looks before it concludes the expression never fires again.</summary>
    public const int SearchYears = 50;

    /// <summary>The longest expression accepted.</summary>
    public const int MaxLength = 256;

    private static readonly Dictionary<string, string> Macros = new(StringComparer.OrdinalIgnoreCase)
    {
        ["@yearly"] = "0 0 0 1 1 *",
        ["@annually"] = "0 0 0 1 1 *",
        ["@monthly"] = "0 0 0 1 * *",
        ["@weekly"] = "0 0 0 * * 0",
        ["@daily"] = "0 0 0 * * *",
        ["@midnight"] = "0 0 0 * * *",
        ["@hourly"] = "0 0 * * * *",
    };

    private readonly CronMatcher _matcher;

    private CronExpression(string text, CronMatcher matcher)
    {
        Text = text;
        _matcher = matcher;
    }

    /// <summary>The expression as written (trimmed).</summary>
    public string Text { get; }

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">The expression is invalid; the message names the field and the bad text.</exception>
    public static CronExpression Parse(string text) =>
        TryParse(text, out var expression, out string error) ? expression : throw new FormatException(error);

    /// <summary>
    /// Parses <paramref name="text"/>; on failure <paramref name="error"/> names each bad field and
    /// its bad text, e.g. "day-of-month: 32 is outside 1–31."
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out CronExpression? expression, out string error)
    {
        expression = null;
        string trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            error = "the expression is empty.";
            return false;
        }
        if (trimmed.Length > MaxLength)
        {
            error = $"the expression is {trimmed.Length} characters long; the limit is {MaxLength}.";
            return false;
        }
        string expanded = trimmed;
        if (trimmed[0] == '@' && !Macros.TryGetValue(trimmed, out expanded!))
        {
            error = $"unknown macro '{trimmed}'; the macros are {string.Join(", ", Macros.Keys)}.";
            return false;
        }
        string[] parts = expanded.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 5) parts = ["0", .. parts];
        else if (parts.Length != 6)
        {
            error = $"expected 5 fields (minute hour day-of-month month day-of-week) or 6 (second first), got {parts.Length}.";
            return false;
        }

        var fields = new CronField[6];
        var errors = new List<string>();
        for (int i = 0; i < 6; i++)
        {
            if (CronField.TryParse(parts[i], CronFieldKind.All[i], out var field, out string fieldError)) fields[i] = field!;
            else errors.Add(fieldError);
        }
        if (errors.Count > 0)
        {
            error = string.Join(" ", errors);
            return false;
        }
        expression = new CronExpression(trimmed, new CronMatcher(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]));
        error = "";
        return true;
    }

    /// <summary>
    /// The first instant strictly after <paramref name="after"/> whose wall-clock time in
    /// <paramref name="zone"/> matches, in UTC; null when there is none within <see cref="SearchYears"/>
    /// years (e.g. <c>0 0 30 2 *</c>, which never fires).
    /// </summary>
    /// <remarks>
    /// Daylight saving time: a matching wall-clock time that does not exist (skipped by a
    /// spring-forward, e.g. 02:30 in Europe/Berlin on the last Sunday of March) fires at the first
    /// instant after the gap (03:00 CEST); several skipped times all fire there, once. A matching
    /// wall-clock time that occurs twice (a fall-back, e.g. 02:30 on the last Sunday of October)
    /// fires at its first occurrence (02:30 CEST) only, unless the hour field matches every hour:
    /// then it fires at both (02:30 CEST and 02:30 CET), so the expression keeps its rhythm in real time.
    /// </remarks>
    public DateTimeOffset? GetNextOccurrence(DateTimeOffset after, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var wall = new CronWallClock(zone, _matcher.EveryHour);
        TimeSpan offset = zone.GetUtcOffset(after);
        DateTime local = CronWallClock.WholeSeconds(after.UtcDateTime + offset);
        DateTime limit = local.Year < DateTime.MaxValue.Year - SearchYears - 1 ? local.AddYears(SearchYears) : DateTime.MaxValue.AddYears(-1);

        DateTimeOffset? next = null;
        for (var candidate = _matcher.Next(local.AddSeconds(1), limit); candidate is { } time; candidate = _matcher.Next(time.AddSeconds(1), limit))
        {
            next = wall.FirstInstantAfter(time, after);
            if (next is not null) break;
        }

        // In the first pass of a repeated hour, wall-clock times of that hour already passed come
        // again in the second pass; with every hour matching they fire then too, possibly before `next`.
        if (_matcher.EveryHour && zone.IsAmbiguousTime(after) && wall.RepeatedRangeStartIfFirstPass(after, local) is { } start
            && _matcher.Next(start, local) is { } again && wall.SecondPass(again) is { } repeat && repeat > after && (next is null || repeat < next))
        {
            next = repeat;
        }
        return next;
    }

    /// <summary>The expression as written.</summary>
    public override string ToString() => Text;
}
