using System.Globalization;
using OrleansScheduler.Scheduling.Cron;

namespace OrleansScheduler.Core.Tests;

/// <summary>The next tick of a table of expressions, in UTC unless a zone is named; DST has its own table (CronDaylightSavingTests).</summary>
public sealed class CronNextOccurrenceTests
{
    [Theory]
    // every minute, every second, seconds field
    [InlineData("* * * * *", "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z")]
    [InlineData("* * * * *", "2026-01-01T00:00:59.999Z", "2026-01-01T00:01:00Z")]
    [InlineData("* * * * * *", "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z")]
    [InlineData("* * * * * *", "2026-01-01T00:00:00.5Z", "2026-01-01T00:00:01Z")]
    [InlineData("30 * * * * *", "2026-01-01T00:00:30Z", "2026-01-01T00:01:30Z")]
    [InlineData("*/15 * * * * *", "2026-01-01T00:00:44Z", "2026-01-01T00:00:45Z")]
    [InlineData("0 0 * * * *", "2026-01-01T10:59:59Z", "2026-01-01T11:00:00Z")]
    // steps, ranges, lists
    [InlineData("*/5 * * * *", "2026-01-01T00:03:00Z", "2026-01-01T00:05:00Z")]
    [InlineData("5/20 * * * *", "2026-01-01T00:46:00Z", "2026-01-01T01:05:00Z")]
    [InlineData("10-20/5 * * * *", "2026-01-01T00:16:00Z", "2026-01-01T00:20:00Z")]
    [InlineData("10-20/5 * * * *", "2026-01-01T00:20:00Z", "2026-01-01T01:10:00Z")]
    [InlineData("0 9-17 * * *", "2026-01-01T17:00:00Z", "2026-01-02T09:00:00Z")]
    [InlineData("0 8,12,18 * * *", "2026-01-01T12:00:00Z", "2026-01-01T18:00:00Z")]
    [InlineData("59 23 31 12 *", "2026-01-01T00:00:00Z", "2026-12-31T23:59:00Z")]
    // names, any case; day-of-week 7 is Sunday
    [InlineData("0 9 * * MON-FRI", "2026-01-02T09:00:00Z", "2026-01-05T09:00:00Z")] // Friday → Monday
    [InlineData("0 9 * * sat,Sun", "2026-01-01T00:00:00Z", "2026-01-03T09:00:00Z")]
    [InlineData("0 0 * * 7", "2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z")]
    [InlineData("0 0 * * 0", "2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z")]
    [InlineData("0 0 1 jun *", "2026-01-01T00:00:00Z", "2026-06-01T00:00:00Z")]
    [InlineData("0 0 1 OCT-DEC/2 *", "2026-10-01T00:00:00Z", "2026-12-01T00:00:00Z")]
    // month ends: the 31st skips 30-day months; L is the last day, February included
    [InlineData("0 0 31 * *", "2026-03-31T00:00:00Z", "2026-05-31T00:00:00Z")]
    [InlineData("0 0 31 * *", "2026-01-31T00:00:00Z", "2026-03-31T00:00:00Z")]
    [InlineData("0 0 L * *", "2026-01-31T00:00:00Z", "2026-02-28T00:00:00Z")]
    [InlineData("0 0 L * *", "2028-01-31T00:00:00Z", "2028-02-29T00:00:00Z")]
    [InlineData("0 0 L * *", "2026-04-01T00:00:00Z", "2026-04-30T00:00:00Z")]
    [InlineData("0 0 L-1 * *", "2026-02-01T00:00:00Z", "2026-02-27T00:00:00Z")] // the day before the last
    [InlineData("0 0 LW * *", "2026-05-01T00:00:00Z", "2026-05-29T00:00:00Z")] // the 31st is a Sunday: the last weekday is Friday the 29th
    [InlineData("0 0 15W * *", "2026-03-01T00:00:00Z", "2026-03-16T00:00:00Z")] // the 15th is a Sunday: the nearest weekday is Monday
    [InlineData("0 0 * * 5L", "2026-01-01T00:00:00Z", "2026-01-30T00:00:00Z")] // the last Friday
    [InlineData("0 0 * * MON#2", "2026-01-01T00:00:00Z", "2026-01-12T00:00:00Z")] // the second Monday
    [InlineData("0 0 30 * *", "2026-01-30T00:00:00Z", "2026-03-30T00:00:00Z")]
    // leap days
    [InlineData("0 0 29 2 *", "2025-01-01T00:00:00Z", "2028-02-29T00:00:00Z")]
    [InlineData("0 0 29 2 *", "2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z")]
    [InlineData("0 0 29 2 *", "2096-03-01T00:00:00Z", "2104-02-29T00:00:00Z")] // 2100 is not a leap year
    // day-of-month and day-of-week both must match (Cronos; Vixie cron would take either)
    [InlineData("0 0 13 * FRI", "2026-01-01T00:00:00Z", "2026-02-13T00:00:00Z")] // the first Friday the 13th
    [InlineData("0 0 13 * FRI", "2026-02-13T00:00:00Z", "2026-03-13T00:00:00Z")]
    [InlineData("0 0 ? * FRI", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z")]
    [InlineData("0 0 13 * ?", "2026-01-01T00:00:00Z", "2026-01-13T00:00:00Z")]
    [InlineData("0 0 */2 * FRI", "2026-01-01T00:00:00Z", "2026-01-09T00:00:00Z")] // a '*' start is a wildcard: odd days that are Fridays
    [InlineData("0 0 L * MON", "2026-01-01T00:00:00Z", "2026-08-31T00:00:00Z")] // the first month ending on a Monday
    // a backward range wraps around midnight
    [InlineData("0 22-2 * * *", "2026-01-01T02:00:00Z", "2026-01-01T22:00:00Z")]
    [InlineData("0 22-2 * * *", "2026-01-01T23:00:00Z", "2026-01-02T00:00:00Z")]
    // macros
    [InlineData("@yearly", "2026-06-01T00:00:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("@ANNUALLY", "2026-06-01T00:00:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("@monthly", "2026-01-31T12:00:00Z", "2026-02-01T00:00:00Z")]
    [InlineData("@weekly", "2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z")]
    [InlineData("@daily", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z")]
    [InlineData("@midnight", "2026-01-01T23:59:59Z", "2026-01-02T00:00:00Z")]
    [InlineData("@hourly", "2026-01-01T00:00:00Z", "2026-01-01T01:00:00Z")]
    [InlineData("@every_minute", "2026-01-01T00:00:30Z", "2026-01-01T00:01:00Z")]
    [InlineData("@every_second", "2026-01-01T00:00:30Z", "2026-01-01T00:00:31Z")]
    // year boundaries and whitespace
    [InlineData("  0   0 1 1 *  ", "2026-12-31T23:59:59Z", "2027-01-01T00:00:00Z")]
    [InlineData("0\t0 * * *", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z")]
    public void the_next_tick_in_utc_is_the_first_matching_instant_strictly_after(string cron, string after, string expected)
    {
        var next = CronExpression.Parse(cron).GetNextOccurrence(Time(after), TimeZoneInfo.Utc);
        Assert.Equal(Time(expected), next);
    }

    [Theory]
    [InlineData("0 0 30 2 *")]
    [InlineData("0 0 31 4,6,9,11 *")]
    [InlineData("0 0 31 2 *")]
    [InlineData("0 0 0 30 2 *")]
    public void an_expression_that_matches_no_day_has_no_next_tick(string cron)
    {
        Assert.Null(CronExpression.Parse(cron).GetNextOccurrence(Time("2026-01-01T00:00:00Z"), TimeZoneInfo.Utc));
    }

    [Fact]
    public void a_rare_expression_is_found_years_ahead_without_stepping_second_by_second()
    {
        // The last second of a leap day: three years of Februaries without one lie in between.
        var cron = CronExpression.Parse("59 59 23 29 2 *");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var next = cron.GetNextOccurrence(Time("2029-03-01T00:00:00Z"), TimeZoneInfo.Utc);
        Assert.Equal(Time("2032-02-29T23:59:59Z"), next);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public void a_zone_without_dst_shifts_every_tick_by_its_offset()
    {
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var next = CronExpression.Parse("0 9 * * *").GetNextOccurrence(Time("2026-01-01T00:00:00Z"), tokyo);
        Assert.Equal(Time("2026-01-02T00:00:00Z"), next); // 09:00 JST on the 1st is 00:00Z, not after; the 2nd's is
    }

    [Fact]
    public void successive_ticks_of_a_seconds_expression_walk_forward_one_by_one()
    {
        var cron = CronExpression.Parse("*/20 * * * * *");
        var ticks = new List<DateTimeOffset>();
        var at = Time("2026-01-01T23:59:30Z");
        for (int i = 0; i < 4; i++) ticks.Add(at = cron.GetNextOccurrence(at, TimeZoneInfo.Utc)!.Value);
        Assert.Equal([Time("2026-01-01T23:59:40Z"), Time("2026-01-02T00:00:00Z"), Time("2026-01-02T00:00:20Z"), Time("2026-01-02T00:00:40Z")], ticks);
    }

    internal static DateTimeOffset Time(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
