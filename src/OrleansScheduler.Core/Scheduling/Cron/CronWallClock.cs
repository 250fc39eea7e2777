namespace OrleansScheduler.Scheduling.Cron;

/// <summary>
/// Turns matching wall-clock times of a time zone into instants, applying the DST rules of
/// <see cref="CronExpression.GetNextOccurrence"/>: a time in a spring-forward gap maps to the
/// first instant after the gap; a time repeated by a fall-back maps to its first occurrence, and
/// also to its second when <paramref name="everyHour"/> is true.
/// </summary>
internal sealed class CronWallClock(TimeZoneInfo zone, bool everyHour)
{
    /// <summary><paramref name="time"/> without its fraction of a second, as a wall-clock time (kind Unspecified).</summary>
    public static DateTime WholeSeconds(DateTime time) =>
        new(time.Ticks - time.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Unspecified);

    /// <summary>The earliest instant <paramref name="time"/> stands for that is later than <paramref name="after"/>, or null.</summary>
    public DateTimeOffset? FirstInstantAfter(DateTime time, DateTimeOffset after)
    {
        if (zone.IsInvalidTime(time))
        {
            var end = GapEnd(time);
            return end > after ? end : null;
        }
        if (zone.IsAmbiguousTime(time))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(time);
            var first = At(time, offsets.Max());
            if (first > after) return first;
            var second = At(time, offsets.Min());
            return everyHour && second > after ? second : null;
        }
        var instant = At(time, zone.GetUtcOffset(time));
        return instant > after ? instant : null;
    }

    /// <summary>The second occurrence of a repeated wall-clock time, or null when it is not repeated.</summary>
    public DateTimeOffset? SecondPass(DateTime time) =>
        zone.IsAmbiguousTime(time) ? At(time, zone.GetAmbiguousTimeOffsets(time).Min()) : null;

    /// <summary>
    /// When <paramref name="after"/> lies in the first pass of a repeated hour (wall-clock time
    /// <paramref name="local"/>), where the search for second-pass occurrences starts: the first
    /// wall-clock time whose second occurrence is later than <paramref name="after"/>, or the start of
    /// the repeated range if that is later. Null in the second pass.
    /// </summary>
    public DateTime? RepeatedRangeStartIfFirstPass(DateTimeOffset after, DateTime local)
    {
        var offsets = zone.GetAmbiguousTimeOffsets(after);
        TimeSpan earlier = offsets.Max(), later = offsets.Min();
        if (zone.GetUtcOffset(after) != earlier) return null;
        var start = local;
        while (zone.IsAmbiguousTime(start.AddMinutes(-1))) start = start.AddMinutes(-1);
        while (zone.IsAmbiguousTime(start.AddSeconds(-1))) start = start.AddSeconds(-1);
        var firstLater = local - (earlier - later) + TimeSpan.FromSeconds(1);
        return firstLater > start ? firstLater : start;
    }

    /// <summary>The first instant after the spring-forward gap that <paramref name="time"/> falls in.</summary>
    private DateTimeOffset GapEnd(DateTime time)
    {
        var end = time.AddSeconds(-time.Second).AddMinutes(1);
        while (zone.IsInvalidTime(end)) end = end.AddMinutes(1);
        // Gaps end on a whole minute in every zone today; look back in case an odd one does not.
        while (end.AddSeconds(-1) > time && !zone.IsInvalidTime(end.AddSeconds(-1))) end = end.AddSeconds(-1);
        return At(end, zone.GetUtcOffset(end));
    }

    private static DateTimeOffset At(DateTime time, TimeSpan offset) => new DateTimeOffset(time, offset).ToUniversalTime();
}
