using OrleansScheduler.Scheduling.Cron;

namespace OrleansScheduler.Core.Tests;

/// <summary>What the parser accepts, and errors that name the field and the bad text.</summary>
public sealed class CronParseTests
{
    [Theory]
    [InlineData("0 0 32 * *", "day-of-month: 32 is outside 1–31.")]
    [InlineData("60 * * * *", "minute: 60 is outside 0–59.")]
    [InlineData("0 24 * * *", "hour: 24 is outside 0–23.")]
    [InlineData("0 0 * 13 *", "month: 13 is outside 1–12.")]
    [InlineData("0 0 * * 8", "day-of-week: 8 is outside 0–7.")]
    [InlineData("61 * * * * *", "second: 61 is outside 0–59.")]
    [InlineData("0 0 0 * *", "day-of-month: 0 is outside 1–31.")]
    [InlineData("* * *", "expected 5 fields (minute hour day-of-month month day-of-week) or 6 (second first), got 3.")]
    [InlineData("* * * * * * *", "expected 5 fields (minute hour day-of-month month day-of-week) or 6 (second first), got 7.")]
    [InlineData("", "the expression is empty.")]
    [InlineData("   ", "the expression is empty.")]
    [InlineData("@every 5m", "unknown macro '@every 5m'; the macros are @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly.")]
    [InlineData("0 0 * FOO *", "month: 'FOO' is not a number or a name (JAN–DEC).")]
    [InlineData("0 0 * * MONDAY", "day-of-week: 'MONDAY' is not a number or a name (SUN–SAT).")]
    [InlineData("x * * * *", "minute: 'x' is not a number.")]
    [InlineData("JAN * * * *", "minute: 'JAN' is not a number.")]
    [InlineData("*/0 * * * *", "minute: the step 0 is outside 1–59.")]
    [InlineData("*/x * * * *", "minute: the step 'x' is not a whole number.")]
    [InlineData("1/2/3 * * * *", "minute: '1/2/3' has more than one '/'.")]
    [InlineData("0 22-2 * * *", "hour: the range 22-2 runs backwards; write it as two ranges, e.g. 22-23,0-2.")]
    [InlineData("1,,2 * * * *", "minute: '1,,2' has an empty item in its list.")]
    [InlineData("0 L * * *", "hour: 'L' (last day of the month) is allowed only in day-of-month.")]
    [InlineData("? * * * *", "minute: '?' is allowed only in day-of-month and day-of-week.")]
    [InlineData("-1 * * * *", "minute: '-1' is not a number.")]
    public void an_invalid_expression_is_refused_naming_the_field_and_the_bad_text(string cron, string error)
    {
        Assert.False(CronExpression.TryParse(cron, out var expression, out string message));
        Assert.Null(expression);
        Assert.Equal(error, message);
        Assert.Equal(error, Assert.Throws<FormatException>(() => CronExpression.Parse(cron)).Message);
    }

    [Fact]
    public void every_bad_field_is_named_not_only_the_first()
    {
        Assert.False(CronExpression.TryParse("0 0 32 13 *", out _, out string error));
        Assert.Equal("day-of-month: 32 is outside 1–31. month: 13 is outside 1–12.", error);
    }

    [Fact]
    public void an_overlong_expression_is_refused()
    {
        Assert.False(CronExpression.TryParse(string.Join(",", Enumerable.Repeat("1", 200)) + " * * * *", out _, out string error));
        Assert.StartsWith("the expression is 407 characters long; the limit is 256", error);
    }

    [Theory]
    [InlineData("* * * * *")]
    [InlineData("0 0 ? * MON-FRI")]
    [InlineData("0 0 L * ?")]
    [InlineData("0,15,30,45 */2 1-15 JAN-jun 1-5")]
    [InlineData("0 0 * * 0-7")]
    [InlineData("0 0 * * 5-7")]
    [InlineData("*/1 * * * * *")]
    [InlineData("@daily")]
    public void a_valid_expression_parses_and_keeps_its_text(string cron)
    {
        Assert.True(CronExpression.TryParse(cron, out var expression, out string error), error);
        Assert.Equal(cron, expression.Text);
        Assert.Equal(cron, expression.ToString());
    }
}
