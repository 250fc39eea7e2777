using OrleansScheduler.Scheduling.Cron;
using static OrleansScheduler.Core.Tests.CronNextOccurrenceTests;

namespace OrleansScheduler.Core.Tests;

/// <summary>
/// The DST rules of <see cref="CronExpression.GetNextOccurrence"/>. Europe/Berlin springs forward
/// on 2026-03-29 at 02:00 CET (01:00Z) to 03:00 CEST and falls back on 2026-10-25 at 03:00 CEST
/// (01:00Z) to 02:00 CET, so 02:00–03:00 happens twice. America/New_York springs forward on
/// 2026-03-08 at 02:00 EST (07:00Z) and falls back on 2026-11-01 at 02:00 EDT (06:00Z), repeating 01:00–02:00.
/// </summary>
public sealed class CronDaylightSavingTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static TimeZoneInfo Zone(string id) => id == "Berlin" ? Berlin : NewYork;

    [Theory]
    // A daily time in the spring-forward gap fires at the first instant after it, once.
    [InlineData("Berlin", "30 2 * * *", "2026-03-28T02:30:00+01:00", "2026-03-29T03:00:00+02:00")]
    [InlineData("Berlin", "30 2 * * *", "2026-03-29T03:00:00+02:00", "2026-03-30T02:30:00+02:00")]
    [InlineData("Berlin", "0 2 * * *", "2026-03-28T12:00:00+01:00", "2026-03-29T03:00:00+02:00")]
    // Times just around the gap are untouched.
    [InlineData("Berlin", "59 1 * * *", "2026-03-28T12:00:00+01:00", "2026-03-29T01:59:00+01:00")]
    [InlineData("Berlin", "0 3 * * *", "2026-03-28T12:00:00+01:00", "2026-03-29T03:00:00+02:00")]
    // Every 30 minutes: the skipped 02:00 and 02:30 collapse into 03:00, which fires once.
    [InlineData("Berlin", "*/30 * * * *", "2026-03-29T01:30:00+01:00", "2026-03-29T03:00:00+02:00")]
    [InlineData("Berlin", "*/30 * * * *", "2026-03-29T03:00:00+02:00", "2026-03-29T03:30:00+02:00")]
    [InlineData("NewYork", "30 2 * * *", "2026-03-07T02:30:00-05:00", "2026-03-08T03:00:00-04:00")]
    [InlineData("NewYork", "30 2 * * *", "2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00")]
    // A daily time in the repeated hour fires at its first occurrence only.
    [InlineData("Berlin", "30 2 * * *", "2026-10-24T12:00:00+02:00", "2026-10-25T02:30:00+02:00")]
    [InlineData("Berlin", "30 2 * * *", "2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00")]
    [InlineData("NewYork", "30 1 * * *", "2026-10-31T12:00:00-04:00", "2026-11-01T01:30:00-04:00")]
    [InlineData("NewYork", "30 1 * * *", "2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00")]
    // With an interval in the second, minute or hour field (*, a range, a step), the repeated times
    // fire at both occurrences: every 30 minutes of real time.
    [InlineData("Berlin", "*/30 * * * *", "2026-10-25T01:30:00+02:00", "2026-10-25T02:00:00+02:00")]
    [InlineData("Berlin", "*/30 * * * *", "2026-10-25T02:00:00+02:00", "2026-10-25T02:30:00+02:00")]
    [InlineData("Berlin", "*/30 * * * *", "2026-10-25T02:30:00+02:00", "2026-10-25T02:00:00+01:00")]
    [InlineData("Berlin", "*/30 * * * *", "2026-10-25T02:00:00+01:00", "2026-10-25T02:30:00+01:00")]
    [InlineData("Berlin", "*/30 * * * *", "2026-10-25T02:30:00+01:00", "2026-10-25T03:00:00+01:00")]
    [InlineData("Berlin", "*/30 * * * *", "2026-10-25T02:15:00+02:00", "2026-10-25T02:30:00+02:00")]
    [InlineData("Berlin", "*/30 * * * *", "2026-10-25T02:45:00+02:00", "2026-10-25T02:00:00+01:00")]
    [InlineData("Berlin", "15 * * * *", "2026-10-25T02:30:00+02:00", "2026-10-25T02:15:00+01:00")]
    [InlineData("NewYork", "0 * * * *", "2026-11-01T01:00:00-04:00", "2026-11-01T01:00:00-05:00")]
    [InlineData("NewYork", "0 * * * *", "2026-11-01T01:00:00-05:00", "2026-11-01T02:00:00-05:00")]
    // An interval in the hour field alone (a step, a range) is enough for both occurrences.
    [InlineData("Berlin", "0 */2 * * *", "2026-10-25T01:00:00+02:00", "2026-10-25T02:00:00+02:00")]
    [InlineData("Berlin", "0 */2 * * *", "2026-10-25T02:00:00+02:00", "2026-10-25T02:00:00+01:00")]
    [InlineData("Berlin", "0 1-3 * * *", "2026-10-25T02:00:00+02:00", "2026-10-25T02:00:00+01:00")]
    // So is one in the minute field: every minute of 02:xx runs through the first pass, then the second.
    [InlineData("Berlin", "* 2 * * *", "2026-10-25T02:59:00+02:00", "2026-10-25T02:00:00+01:00")]
    public void ticks_across_a_dst_change_follow_the_documented_rules(string zone, string cron, string after, string expected)
    {
        var next = CronExpression.Parse(cron).GetNextOccurrence(Time(after), Zone(zone));
        Assert.Equal(Time(expected), next);
    }

    [Fact]
    public void every_30_minutes_through_a_berlin_fall_back_is_every_30_minutes_of_real_time()
    {
        var ticks = Walk("*/30 * * * *", Berlin, Time("2026-10-25T01:00:00+02:00"), 6);
        Assert.Equal(Enumerable.Range(1, 6).Select(i => Time("2026-10-24T23:00:00Z").AddMinutes(30 * i)), ticks);
    }

    [Fact]
    public void every_30_minutes_through_a_berlin_spring_forward_fires_once_for_the_skipped_hour()
    {
        var ticks = Walk("*/30 * * * *", Berlin, Time("2026-03-29T01:00:00+01:00"), 3);
        Assert.Equal([Time("2026-03-29T01:30:00+01:00"), Time("2026-03-29T03:00:00+02:00"), Time("2026-03-29T03:30:00+02:00")], ticks);
    }

    [Fact]
    public void a_daily_job_in_the_repeated_hour_fires_once_on_the_fall_back_day()
    {
        var ticks = Walk("30 2 * * *", Berlin, Time("2026-10-24T00:00:00+02:00"), 3);
        Assert.Equal([Time("2026-10-24T02:30:00+02:00"), Time("2026-10-25T02:30:00+02:00"), Time("2026-10-26T02:30:00+01:00")], ticks);
    }

    [Fact]
    public void a_tick_in_utc_ignores_the_dst_changes_of_other_zones()
    {
        var next = CronExpression.Parse("30 2 * * *").GetNextOccurrence(Time("2026-03-29T00:00:00Z"), TimeZoneInfo.Utc);
        Assert.Equal(Time("2026-03-29T02:30:00Z"), next);
    }

    private static List<DateTimeOffset> Walk(string cron, TimeZoneInfo zone, DateTimeOffset from, int count)
    {
        var expression = CronExpression.Parse(cron);
        var ticks = new List<DateTimeOffset>();
        for (int i = 0; i < count; i++) ticks.Add(from = expression.GetNextOccurrence(from, zone)!.Value);
        return ticks;
    }
}
