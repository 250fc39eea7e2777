namespace OrleansScheduler.Scheduling.Cron;

/// <summary>
/// Finds wall-clock times (no time zone) that a cron expression's six fields match, jumping from
/// field to field rather than stepping second by second, so a search across years takes a few
/// thousand steps at most.
/// </summary>
internal sealed class CronMatcher(CronField seconds, CronField minutes, CronField hours, CronField daysOfMonth, CronField months, CronField daysOfWeek)
{
    /// <summary>True when the hour field matches every hour (<c>*</c>): then repeated wall-clock times fire twice at a DST fall-back.</summary>
    public bool EveryHour { get; } = hours.HasAll(0, 23);

    /// <summary>The first matching wall-clock time at or after <paramref name="from"/> (whole seconds) and not after <paramref name="limit"/>, or null.</summary>
    public DateTime? Next(DateTime from, DateTime limit)
    {
        var t = from;
        while (t <= limit)
        {
            int month = months.Next(t.Month);
            if (month < 0)
            {
                t = new DateTime(t.Year + 1, 1, 1);
                continue;
            }
            if (month != t.Month)
            {
                t = new DateTime(t.Year, month, 1);
                continue;
            }
            if (!DayMatches(t))
            {
                t = t.Date.AddDays(1);
                continue;
            }
            int hour = hours.Next(t.Hour);
            if (hour < 0)
            {
                t = t.Date.AddDays(1);
                continue;
            }
            if (hour != t.Hour)
            {
                t = t.Date.AddHours(hour);
                continue;
            }
            var hourStart = t.Date.AddHours(t.Hour);
            int minute = minutes.Next(t.Minute);
            if (minute < 0)
            {
                t = hourStart.AddHours(1);
                continue;
            }
            if (minute != t.Minute)
            {
                t = hourStart.AddMinutes(minute);
                continue;
            }
            int second = seconds.Next(t.Second);
            if (second < 0)
            {
                t = hourStart.AddMinutes(t.Minute + 1);
                continue;
            }
            return hourStart.AddMinutes(t.Minute).AddSeconds(second);
        }
        return null;
    }

    /// <summary>
    /// Vixie cron's rule: when both day fields restrict (neither starts with <c>*</c> or <c>?</c>), a
    /// day matches if either matches; otherwise both must (a wildcard matches every day anyway).
    /// </summary>
    private bool DayMatches(DateTime day)
    {
        bool byMonthDay = daysOfMonth.Has(day.Day) || daysOfMonth.HasLastDay && day.Day == DateTime.DaysInMonth(day.Year, day.Month);
        bool byWeekDay = daysOfWeek.Has((int)day.DayOfWeek);
        return daysOfMonth.IsWildcard || daysOfWeek.IsWildcard ? byMonthDay && byWeekDay : byMonthDay || byWeekDay;
    }
}
