namespace OrleansScheduler.Scheduling.Cron;

/// <summary>
/// One position of a cron expression: the name its errors use, its bounds, the names it accepts
/// (JAN–DEC, SUN–SAT) and the upper bound of <c>*</c> and <c>a/n</c> (6 for day-of-week, where 7
/// is only another spelling of Sunday).
/// </summary>
internal sealed record CronFieldKind(string Name, int Min, int Max, IReadOnlyList<string>? Names = null)
{
    public static readonly CronFieldKind Second = new("second", 0, 59);
    public static readonly CronFieldKind Minute = new("minute", 0, 59);
    public static readonly CronFieldKind Hour = new("hour", 0, 23);
    public static readonly CronFieldKind DayOfMonth = new("day-of-month", 1, 31);
    public static readonly CronFieldKind Month = new("month", 1, 12, ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]);
    public static readonly CronFieldKind DayOfWeek = new("day-of-week", 0, 7, ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]);

    /// <summary>The fields of a six-field expression, in order.</summary>
    public static readonly IReadOnlyList<CronFieldKind> All = [Second, Minute, Hour, DayOfMonth, Month, DayOfWeek];

    /// <summary>Where <c>*</c> and an open-ended <c>a/n</c> stop.</summary>
    public int WildcardMax => this == DayOfWeek ? 6 : Max;

    /// <summary>Whether <c>?</c> may stand for <c>*</c> here.</summary>
    public bool AllowsQuestionMark => this == DayOfMonth || this == DayOfWeek;

    /// <summary>The value of a name (JAN = 1, SUN = 0), or -1.</summary>
    public int ValueOfName(string text)
    {
        if (Names is null) return -1;
        for (int i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], text, StringComparison.OrdinalIgnoreCase)) return this == Month ? i + 1 : i;
        }
        return -1;
    }
}
