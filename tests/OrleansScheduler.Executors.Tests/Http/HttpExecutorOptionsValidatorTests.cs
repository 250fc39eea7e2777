using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansScheduler.Executors.Http;

namespace OrleansScheduler.Executors.Tests.Http;

/// <summary>The options as configuration gives them: documented defaults, and a bad key named at start.</summary>
public sealed class HttpExecutorOptionsValidatorTests
{
    private static HttpExecutorOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddHttpExecutor();
        return services.BuildServiceProvider().GetRequiredService<IOptions<HttpExecutorOptions>>().Value;
    }

    /// <summary>The registered validator's complaint about <paramref name="settings"/>, as the silo's start would raise it.</summary>
    private static string Refusal(Dictionary<string, string?> settings) =>
        Assert.Throws<OptionsValidationException>(() => Bind(settings)).Message;

    [Fact]
    public void the_defaults_allow_no_host_and_are_as_documented()
    {
        var options = Bind([]);

        Assert.Empty(options.AllowedHosts);
        Assert.Empty(options.Secrets);
        Assert.Equal(["Authorization", "Proxy-Authorization", "Cookie", "X-Api-Key"], options.RedactedHeaders);
        Assert.Equal(5, options.MaxRedirects);
        Assert.Equal(32768, options.MaxResponseBytes);
        Assert.Equal(2, options.RetriesWithinAttempt);
        Assert.Equal(TimeSpan.FromSeconds(2), options.MaxRetryAfterWithinAttempt);
    }

    [Fact]
    public void configured_values_are_bound_and_redacted_headers_add_to_the_defaults()
    {
        var options = Bind(new()
        {
            ["Scheduler:Http:AllowedHosts:0"] = "*.example.com",
            ["Scheduler:Http:Secrets:Token"] = "t",
            ["Scheduler:Http:RedactedHeaders:0"] = "X-Signature",
            ["Scheduler:Http:MaxRetryAfterWithinAttempt"] = "00:00:05",
        });

        Assert.Equal(["*.example.com"], options.AllowedHosts);
        Assert.Equal("t", options.Secrets["token"]);
        Assert.Contains("X-Signature", options.RedactedHeaders);
        Assert.Contains("Authorization", options.RedactedHeaders);
        Assert.Equal(TimeSpan.FromSeconds(5), options.MaxRetryAfterWithinAttempt);
    }

    [Theory]
    [InlineData("AllowedHosts:0", "https://api.example.com", "Scheduler:Http:AllowedHosts:0")]
    [InlineData("AllowedHosts:0", "api.example.com:99999", "Scheduler:Http:AllowedHosts:0")]
    [InlineData("AllowedHosts:0", "api.*.com", "Scheduler:Http:AllowedHosts:0")]
    [InlineData("AllowedHosts:0", "*", "Scheduler:Http:AllowedHosts:0")]
    [InlineData("AllowedHosts:0", "::1", "Scheduler:Http:AllowedHosts:0")]
    [InlineData("AllowedHosts:0", " ", "Scheduler:Http:AllowedHosts:0")]
    [InlineData("MaxResponseBytes", "0", "Scheduler:Http:MaxResponseBytes")]
    [InlineData("MaxRedirects", "-1", "Scheduler:Http:MaxRedirects")]
    [InlineData("RetriesWithinAttempt", "-1", "Scheduler:Http:RetriesWithinAttempt")]
    [InlineData("MaxRetryAfterWithinAttempt", "-00:00:01", "Scheduler:Http:MaxRetryAfterWithinAttempt")]
    [InlineData("RedactedHeaders:0", " ", "Scheduler:Http:RedactedHeaders")]
    public void a_bad_setting_fails_at_start_naming_its_key(string key, string value, string named)
    {
        string refusal = Refusal(new() { ["Scheduler:Http:" + key] = value });

        Assert.Contains(named, refusal);
    }

    [Fact]
    public void a_bad_secret_is_named_by_its_key_never_by_its_value()
    {
        string refusal = Refusal(new() { ["Scheduler:Http:Secrets:hook"] = "line1\nline2-secret" });

        Assert.Contains("Scheduler:Http:Secrets:hook", refusal);
        Assert.DoesNotContain("line2-secret", refusal);
    }

    [Fact]
    public void good_settings_pass()
    {
        var options = Bind(new()
        {
            ["Scheduler:Http:AllowedHosts:0"] = "api.example.com",
            ["Scheduler:Http:AllowedHosts:1"] = "*.example.com:8443",
            ["Scheduler:Http:AllowedHosts:2"] = "127.0.0.1:5000",
            ["Scheduler:Http:AllowedHosts:3"] = "[::1]",
            ["Scheduler:Http:MaxRedirects"] = "0",
            ["Scheduler:Http:RetriesWithinAttempt"] = "0",
        });

        Assert.Equal(4, options.AllowedHosts.Count);
    }
}
