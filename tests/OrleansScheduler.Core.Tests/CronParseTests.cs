using OrleansScheduler.Scheduling.Cron;

namespace OrleansScheduler.Core.Tests;

/// <summary>What a schedule's expression may be, and the reasons given for one that is refused (Cronos', naming the field).</summary>
public sealed class CronParseTests
{
    [Theory]
    [InlineData("0 0 32 * *", "Days of month: Value must be a number between 1 and 31 (all inclusive).")]
    [InlineData("0 0 0 * *", "Days of month: Value must be a number between 1 and 31 (all inclusive).")]
    [InlineData("60 * * * *", "Minutes: Value must be a number between 0 and 59 (all inclusive).")]
    [InlineData("0 24 * * *", "Hours: Value must be a number between 0 and 23 (all inclusive).")]
    [InlineData("0 0 * 13 *", "Months: Value must be a number between 1 and 12 (all inclusive).")]
    [InlineData("0 0 * * 8", "Days of week: Value must be a number between 0 and 7 (all inclusive).")]
    [InlineData("61 * * * * *", "Seconds: Value must be a number between 0 and 59 (all inclusive).")]
    [InlineData("* * *", "expected 5 fields (minute hour day-of-month month day-of-week) or 6 (second first), got 3.")]
    [InlineData("* * * * * * *", "expected 5 fields (minute hour day-of-month month day-of-week) or 6 (second first), got 7.")]
    [InlineData("", "the expression is empty.")]
    [InlineData("   ", "the expression is empty.")]
    [InlineData("@every 5m", "Macro: Unexpected character '5' on position 7.")]
    [InlineData("0 0 * FOO *", "Months: Value must be a number between 1 and 12 (all inclusive).")]
    [InlineData("0 0 * * MONDAY", "Days of week: Unexpected character 'D'.")]
    [InlineData("x * * * *", "Minutes: Value must be a number between 0 and 59 (all inclusive).")]
    [InlineData("JAN * * * *", "Minutes: Value must be a number between 0 and 59 (all inclusive).")]
    [InlineData("*/0 * * * *", "Minutes: Value must be a number between 1 and 59 (all inclusive).")]
    [InlineData("*/x * * * *", "Minutes: Value must be a number between 1 and 59 (all inclusive).")]
    [InlineData("1/2/3 * * * *", "Minutes: Unexpected character '/'.")]
    [InlineData("1,,2 * * * *", "Minutes: Value must be a number between 0 and 59 (all inclusive).")]
    [InlineData("0 L * * *", "Hours: Value must be a number between 0 and 23 (all inclusive).")]
    [InlineData("-1 * * * *", "Minutes: Value must be a number between 0 and 59 (all inclusive).")]
    // Cronos takes L alone, not in a list (our former parser took 1,L)
    [InlineData("0 0 1,L * *", "Days of month: Value must be a number between 1 and 31 (all inclusive).")]
    [InlineData("H * * * *", "'H' (a hashed value) is not supported; write the values out.")]
    public void an_invalid_expression_is_refused_naming_the_field(string cron, string error)
    {
        Assert.False(CronExpression.TryParse(cron, out var expression, out string message));
        Assert.Null(expression);
        Assert.Equal(error, message);
        Assert.Equal(error, Assert.Throws<FormatException>(() => CronExpression.Parse(cron)).Message);
    }

    [Fact]
    public void an_expression_with_several_bad_fields_is_refused_for_the_first()
    {
        Assert.False(CronExpression.TryParse("0 0 32 13 *", out _, out string error));
        Assert.Equal("Days of month: Value must be a number between 1 and 31 (all inclusive).", error);
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
    // what Cronos accepts beyond our former parser
    [InlineData("? * * * *")]
    [InlineData("0 22-2 * * *")]
    [InlineData("0 0 LW * *")]
    [InlineData("0 0 L-3 * *")]
    [InlineData("0 0 15W * *")]
    [InlineData("0 0 * * 5L")]
    [InlineData("0 0 * * MON#2")]
    [InlineData("@every_minute")]
    [InlineData("@every_second")]
    public void a_valid_expression_parses_and_keeps_its_text(string cron)
    {
        Assert.True(CronExpression.TryParse(cron, out var expression, out string error), error);
        Assert.Equal(cron, expression.Text);
        Assert.Equal(cron, expression.ToString());
    }
}
