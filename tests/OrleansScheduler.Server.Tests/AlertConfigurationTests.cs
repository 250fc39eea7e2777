using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansScheduler.Alerts;
using OrleansScheduler.Server.Alerts;

namespace OrleansScheduler.Server.Tests;

/// <summary>Rules and secrets from section <c>Scheduler:Alerts</c>, as an operator writes them, and what the silo refuses at start.</summary>
public sealed class AlertConfigurationTests
{
    private static AlertOptions Bind(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging().AddSchedulerAlerts();
        return services.BuildServiceProvider().GetRequiredService<IOptions<AlertOptions>>().Value;
    }

    [Fact]
    public void a_rule_and_its_secret_bind_from_configuration_with_the_kind_in_any_case()
    {
        var options = Bind(new()
        {
            ["Scheduler:Alerts:Rules:0:Name"] = "slow-orders",
            ["Scheduler:Alerts:Rules:0:Kind"] = "oldestPending",
            ["Scheduler:Alerts:Rules:0:Queue"] = "orders",
            ["Scheduler:Alerts:Rules:0:OlderThanMs"] = "60000",
            ["Scheduler:Alerts:Rules:0:ForMs"] = "30000",
            ["Scheduler:Alerts:Rules:0:WebhookUrl"] = "https://hooks.example.com/ops",
            ["Scheduler:Alerts:Rules:0:Secret"] = "ops",
            ["Scheduler:Alerts:Secrets:ops"] = "s3cret",
            ["Scheduler:Alerts:EvaluationInterval"] = "00:00:02",
        });

        var rule = Assert.Single(options.Rules);
        Assert.Equal(new AlertRule { Name = "slow-orders", Kind = AlertKind.OldestPending, Queue = "orders", OlderThanMs = 60_000, ForMs = 30_000,
            WebhookUrl = "https://hooks.example.com/ops", Secret = "ops" }, rule);
        Assert.Equal("s3cret", options.Secrets["ops"]);
        Assert.Equal(TimeSpan.FromSeconds(2), options.EvaluationInterval);
    }

    [Fact]
    public void a_configured_rule_naming_a_missing_secret_or_a_bad_url_is_refused_naming_its_key()
    {
        var options = new AlertOptions
        {
            Rules = [new AlertRule { Name = "a", Kind = AlertKind.TaskFailed, WebhookUrl = "ftp://x/", Secret = "missing" }],
        };

        var result = new AlertOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Scheduler:Alerts:Rules:0:webhookUrl", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Scheduler:Alerts:Rules:0:secret names 'missing'", StringComparison.Ordinal));
    }
}
