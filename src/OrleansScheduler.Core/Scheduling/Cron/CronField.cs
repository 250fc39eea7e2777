using System.Numerics;

namespace OrleansScheduler.Scheduling.Cron;

/// <summary>
/// The values one field of a cron expression matches, as a bit set, plus what the set cannot say:
/// whether the field was written as a wildcard (<c>*</c> or <c>?</c>, which decides Vixie cron's
/// day-of-month / day-of-week OR) and, for day-of-month, whether <c>L</c> (last day) was given.
/// </summary>
internal sealed class CronField
{
    private readonly ulong _bits;

    private CronField(ulong bits, bool wildcard, bool lastDay)
    {
        _bits = bits;
        IsWildcard = wildcard;
        HasLastDay = lastDay;
    }

    /// <summary>
    /// True when the field starts with <c>*</c> or <c>?</c>, as in Vixie cron: such a day field does
    /// not restrict, so day-of-month and day-of-week are combined with AND instead of OR.
    /// </summary>
    public bool IsWildcard { get; }

    /// <summary>Day-of-month only: <c>L</c>, the last day of the month, is among the values.</summary>
    public bool HasLastDay { get; }

    /// <summary>True when <paramref name="value"/> is in the set.</summary>
    public bool Has(int value) => (_bits & (1UL << value)) != 0;

    /// <summary>True when every value from <paramref name="min"/> to <paramref name="max"/> is in the set.</summary>
    public bool HasAll(int min, int max)
    {
        for (int v = min; v <= max; v++)
        {
            if (!Has(v)) return false;
        }
        return true;
    }

    /// <summary>The smallest value ≥ <paramref name="from"/> in the set, or -1.</summary>
    public int Next(int from)
    {
        if (from > 63) return -1;
        ulong rest = _bits & (ulong.MaxValue << from);
        return rest == 0 ? -1 : BitOperations.TrailingZeroCount(rest);
    }

    /// <summary>Parses one field: a comma-separated list of <c>*</c>, <c>?</c>, <c>L</c>, values, ranges and steps.</summary>
    /// <param name="text">The field's text.</param>
    /// <param name="kind">Which field it is.</param>
    /// <param name="field">The field, when it parses.</param>
    /// <param name="error">What is wrong, naming the field and the bad text, e.g. "day-of-month: 32 is outside 1–31".</param>
    public static bool TryParse(string text, CronFieldKind kind, out CronField? field, out string error)
    {
        field = null;
        ulong bits = 0;
        bool lastDay = false;
        foreach (string item in text.Split(','))
        {
            if (item.Length == 0)
            {
                error = $"{kind.Name}: '{text}' has an empty item in its list.";
                return false;
            }
            if (item.Equals("L", StringComparison.OrdinalIgnoreCase))
            {
                if (kind != CronFieldKind.DayOfMonth)
                {
                    error = $"{kind.Name}: 'L' (last day of the month) is allowed only in day-of-month.";
                    return false;
                }
                lastDay = true;
                continue;
            }
            if (!TryParseItem(item, kind, ref bits, out error)) return false;
        }
        bool wildcard = text[0] is '*' or '?';
        field = new CronField(bits, wildcard, lastDay);
        error = "";
        return true;
    }

    private static bool TryParseItem(string item, CronFieldKind kind, ref ulong bits, out string error)
    {
        string[] parts = item.Split('/');
        if (parts.Length > 2)
        {
            error = $"{kind.Name}: '{item}' has more than one '/'.";
            return false;
        }
        int step = 1;
        if (parts.Length == 2 && !TryParseStep(parts[1], kind, out step, out error)) return false;

        int low, high;
        string range = parts[0];
        if (range is "*" or "?")
        {
            if (range == "?" && !kind.AllowsQuestionMark)
            {
                error = $"{kind.Name}: '?' is allowed only in day-of-month and day-of-week.";
                return false;
            }
            (low, high) = (kind == CronFieldKind.DayOfWeek ? 0 : kind.Min, kind.WildcardMax);
        }
        else if (range.IndexOf('-', 1) is var dash and > 0)
        {
            if (!TryParseValue(range[..dash], kind, out low, out error) || !TryParseValue(range[(dash + 1)..], kind, out high, out error)) return false;
            if (low > high)
            {
                error = $"{kind.Name}: the range {range} runs backwards; write it as two ranges, e.g. {range[..dash]}-{kind.Max},{kind.Min}-{range[(dash + 1)..]}.";
                return false;
            }
        }
        else
        {
            if (!TryParseValue(range, kind, out low, out error)) return false;
            // "a/n" runs from a to the end of the field, as in most crons.
            high = parts.Length == 2 ? Math.Max(low, kind.WildcardMax) : low;
        }
        for (int v = low; v <= high; v += step)
        {
            // Day-of-week 7 is Sunday, like 0.
            bits |= 1UL << (kind == CronFieldKind.DayOfWeek && v == 7 ? 0 : v);
        }
        error = "";
        return true;
    }

    private static bool TryParseStep(string text, CronFieldKind kind, out int step, out string error)
    {
        error = "";
        if (!IsDigits(text) || !int.TryParse(text, out step))
        {
            step = 0;
            error = $"{kind.Name}: the step '{text}' is not a whole number.";
            return false;
        }
        if (step < 1 || step > kind.Max)
        {
            error = $"{kind.Name}: the step {step} is outside 1–{kind.Max}.";
            return false;
        }
        return true;
    }

    private static bool TryParseValue(string text, CronFieldKind kind, out int value, out string error)
    {
        error = "";
        if (IsDigits(text))
        {
            if (int.TryParse(text, out value) && value >= kind.Min && value <= kind.Max) return true;
            error = $"{kind.Name}: {text} is outside {kind.Min}–{kind.Max}.";
            return false;
        }
        value = kind.ValueOfName(text);
        if (value >= 0) return true;
        error = kind.Names is null
            ? $"{kind.Name}: '{text}' is not a number."
            : $"{kind.Name}: '{text}' is not a number or a name ({kind.Names[0]}–{kind.Names[^1]}).";
        return false;
    }

    private static bool IsDigits(string text) => text.Length > 0 && text.All(char.IsAsciiDigit);
}
