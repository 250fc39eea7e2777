using OrleansScheduler.Alerts;

namespace OrleansScheduler.Core.Tests.Alerts;

public sealed class AlertRuleValidatorTests
{
    private static readonly AlertRule Valid = new() { Name = "dead-letters", Kind = AlertKind.TaskFailed, WebhookUrl = "https://hooks.example.com/a", Secret = "ops" };

    private static IEnumerable<string> Fields(AlertRule rule) => AlertRuleValidator.Validate(rule).Select(e => e.Field);

    [Fact]
    public void a_complete_rule_is_valid() => Assert.Empty(AlertRuleValidator.Validate(Valid));

    [Theory]
    [InlineData("ftp://example.com/x")]
    [InlineData("file:///etc/passwd")]
    [InlineData("/relative")]
    [InlineData("")]
    [InlineData("https://user:pw@example.com/")]
    public void a_webhook_url_must_be_absolute_http_or_https_without_user_info(string url) =>
        Assert.Equal(["webhookUrl"], Fields(Valid with { WebhookUrl = url }));

    [Fact]
    public void each_kind_requires_its_thresholds_and_refuses_the_others()
    {
        Assert.Equal(["olderThanMs"], Fields(Valid with { Kind = AlertKind.OldestPending }));
        Assert.Equal(["depth"], Fields(Valid with { Kind = AlertKind.QueueDepth }));
        Assert.Equal(["depth", "forMs"], Fields(Valid with { Depth = 3, ForMs = 10 }));
        Assert.Equal(["queue"], Fields(Valid with { Kind = AlertKind.SiloDead, Queue = "default" }));
        Assert.Equal(["schedule"], Fields(Valid with { Schedule = "nightly" }));
        Assert.Empty(Fields(Valid with { Kind = AlertKind.CronMissed, Schedule = "nightly", GraceMs = 0 }));
    }

    [Fact]
    public void names_and_the_prefix_name_the_field()
    {
        var errors = AlertRuleValidator.Validate(Valid with { Name = "no spaces", Secret = "a/b", Queue = "bad queue" }, "rules[2].");

        Assert.Equal(["rules[2].name", "rules[2].queue", "rules[2].secret"], errors.Select(e => e.Field));
    }
}
