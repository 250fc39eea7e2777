using System.Diagnostics.CodeAnalysis;
using Cronos;
using CronosExpression = Cronos.CronExpression;

namespace OrleansScheduler.Scheduling.Cron;

/// <summary>
/// A cron expression: when a schedule fires, as wall-clock times in a time zone. Parsing and the
/// search for the next occurrence are Cronos' (<see href="https://github.com/HangfireIO/Cronos"/>);
/// this type decides between its 5-field and 6-field formats and words the errors. Pure: no I/O.
/// </summary>
/// <remarks>
/// <para><b>Syntax</b> (Cronos'; docs/schedules.md lists it and how it differs from our former parser).
/// Five fields, <c>minute hour day-of-month month day-of-week</c>, or six with <c>second</c> first
/// (<see cref="CronFormat.IncludeSeconds"/>). Each field is a comma-separated list of <c>*</c>, values,
/// ranges <c>a-b</c> (a backward range such as <c>22-2</c> wraps around) and steps <c>*/n</c>,
/// <c>a-b/n</c>, <c>a/n</c>. Months may be named JAN–DEC and days SUN–SAT (any case); day-of-week is
/// 0–7 with 0 and 7 both Sunday. <c>?</c> is <c>*</c>. Day-of-month takes <c>L</c>, <c>L-n</c>,
/// <c>nW</c> and <c>LW</c>; day-of-week takes <c>nL</c> and <c>n#k</c>. Macros: <c>@yearly</c>,
/// <c>@annually</c>, <c>@monthly</c>, <c>@weekly</c>, <c>@daily</c>, <c>@midnight</c>, <c>@hourly</c>,
/// <c>@every_minute</c>, <c>@every_second</c>.</para>
/// <para><b>Days.</b> A day matches when day-of-month <i>and</i> day-of-week match (<c>0 0 13 * FRI</c>
/// is every Friday the 13th).</para>
/// <para><b>Daylight saving time</b> (see <see cref="GetNextOccurrence"/>): a wall-clock time skipped by
/// a spring-forward fires once, at the first instant after the gap; a wall-clock time repeated by a
/// fall-back fires once, at its first occurrence, unless the second, minute or hour field is an
/// interval (<c>*</c>, a range or a step), in which case it fires at both, so <c>*/30 * * * *</c>
/// keeps firing every 30 minutes of real time.</para>
/// </remarks>
public sealed class CronExpression
{
    /// <summary>The longest expression accepted.</summary>
    /// <remarks>Our own bound, which Cronos does not have: a schedule is stored and shown, so its text stays short.</remarks>
    public const int MaxLength = 256;

    private readonly CronosExpression _expression;

    private CronExpression(string text, CronosExpression expression)
    {
        Text = text;
        _expression = expression;
    }

    /// <summary>The expression as written (trimmed).</summary>
    public string Text { get; }

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">The expression is invalid; the message says why.</exception>
    public static CronExpression Parse(string text) =>
        TryParse(text, out var expression, out string error) ? expression : throw new FormatException(error);

    /// <summary>
    /// Parses <paramref name="text"/>; on failure <paramref name="error"/> says why, in Cronos' words
    /// where Cronos refused it, e.g. "Days of month: Value must be a number between 1 and 31 (all inclusive)."
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
        // Cronos takes one format per call and, given the wrong one, reports an unexpected character;
        // counting the fields first lets us accept both and say clearly what a wrong count is.
        int fields = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        if (trimmed[0] != '@' && fields is not (5 or 6))
        {
            error = $"expected 5 fields (minute hour day-of-month month day-of-week) or 6 (second first), got {fields}.";
            return false;
        }
        try
        {
            var parsed = CronosExpression.Parse(trimmed, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
            expression = new CronExpression(trimmed, parsed);
            error = "";
            return true;
        }
        catch (CronFormatException e)
        {
            error = Reason(e.Message);
            return false;
        }
        catch (MissingSeedException)
        {
            // Cronos' H (a value hashed from a seed) needs a seed per schedule, which we do not give.
            error = "'H' (a hashed value) is not supported; write the values out.";
            return false;
        }
    }

    /// <summary>
    /// The first instant strictly after <paramref name="after"/> whose wall-clock time in
    /// <paramref name="zone"/> matches, in UTC; null when there is none (e.g. <c>0 0 30 2 *</c>, which never fires).
    /// </summary>
    /// <remarks>
    /// Daylight saving time, as Cronos does it: a matching wall-clock time that does not exist (skipped
    /// by a spring-forward, e.g. 02:30 in Europe/Berlin on the last Sunday of March) fires at the first
    /// instant after the gap (03:00 CEST); several skipped times all fire there, once. A matching
    /// wall-clock time that occurs twice (a fall-back, e.g. 02:30 on the last Sunday of October) fires
    /// at its first occurrence (02:30 CEST) only, unless the second, minute or hour field is an
    /// interval: then it fires at both (02:30 CEST and 02:30 CET), so the expression keeps its rhythm in real time.
    /// </remarks>
    public DateTimeOffset? GetNextOccurrence(DateTimeOffset after, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return _expression.GetNextOccurrence(after, zone)?.ToUniversalTime();
    }

    /// <summary>The expression as written.</summary>
    public override string ToString() => Text;

    // Cronos starts every message with the same sentence; the reason is what follows it.
    private static string Reason(string message)
    {
        const string Prefix = "The given cron expression has an invalid format.";
        string reason = message.StartsWith(Prefix, StringComparison.Ordinal) ? message[Prefix.Length..].Trim() : message;
        return reason.Length == 0 ? message : reason.EndsWith('.') ? reason : reason + ".";
    }
}
