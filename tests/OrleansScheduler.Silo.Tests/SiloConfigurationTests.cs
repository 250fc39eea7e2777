using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansScheduler.Hosting;

namespace OrleansScheduler.Silo.Tests;

/// <summary>The silo's command-line shortcuts and configuration keys, as the README documents them.</summary>
public sealed class SiloConfigurationTests
{
    [Fact]
    public void the_shortcuts_become_scheduler_configuration_keys()
    {
        string[] args = SiloArguments.Normalize(["--redis", "127.0.0.1:6379", "--queues", "a, b", "--capacity=7", "--silo-id", "s1", "--urls", "http://127.0.0.1:0"]);

        Assert.Equal(
            ["--Scheduler:Redis=127.0.0.1:6379", "--Scheduler:Queues:0=a", "--Scheduler:Queues:1=b", "--Scheduler:Capacity=7", "--Scheduler:SiloId=s1", "--urls", "http://127.0.0.1:0"],
            args);
    }

    [Fact]
    public async Task history_limits_bind_from_scheduler_configuration_and_leave_the_defaults_of_other_silos_alone()
    {
        await using var app = SiloApplication.Create(["--Scheduler:History:EventStreamLength=5", "--Scheduler:History:MaxLogLines=7"]);

        var options = app.Services.GetRequiredService<IOptions<SchedulerOptions>>().Value;

        Assert.Equal(5, options.History.EventStreamLength);
        Assert.Equal(7, options.History.MaxLogLines);
        Assert.Equal(10_000, Storage.HistoryLimits.Default.EventStreamLength);
        Assert.Equal(10_000, new SchedulerOptions().History.EventStreamLength);
    }

    [Fact]
    public void a_shortcut_without_a_value_is_refused_with_an_example()
    {
        var error = Assert.Throws<ArgumentException>(() => SiloArguments.Normalize(["--capacity"]));

        Assert.Contains("--capacity 50", error.Message);
    }

    [Fact]
    public async Task command_line_shortcuts_bind_the_scheduler_options_replacing_the_default_queue()
    {
        await using var app = SiloApplication.Create(["--queues", "images,emails", "--capacity", "12", "--silo-id", "node-7"]);

        var options = app.Services.GetRequiredService<IOptions<SchedulerOptions>>().Value;

        Assert.Equal(["images", "emails"], options.Queues);
        Assert.Equal(12, options.Capacity);
        var identity = app.Services.GetRequiredService<SiloIdentity>();
        Assert.Equal("node-7", identity.Name);
        Assert.StartsWith("node-7.", identity.Id);
    }

    [Fact]
    public async Task a_comma_separated_queue_list_in_one_setting_binds_like_an_environment_variable_would()
    {
        await using var app = SiloApplication.Create(["--Scheduler:Queues=a,b,c", "--Scheduler:PollInterval=00:00:00.250"]);

        var options = app.Services.GetRequiredService<IOptions<SchedulerOptions>>().Value;

        Assert.Equal(["a", "b", "c"], options.Queues);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.PollInterval);
    }

    [Fact]
    public async Task urls_on_the_command_line_win_over_the_default()
    {
        await using var app = SiloApplication.Create(["--urls", "http://127.0.0.1:6000"]);

        Assert.Equal("http://127.0.0.1:6000", app.Configuration["urls"]);
    }

    [Fact]
    public async Task an_unset_address_becomes_the_first_listen_url()
    {
        await using var app = SiloApplication.Create(["--urls", "http://127.0.0.1:6001;http://127.0.0.1:6002"]);

        Assert.Equal("http://127.0.0.1:6001", Options(app).Address);
    }

    [Fact]
    public async Task a_configured_address_wins_over_the_listen_url()
    {
        await using var app = SiloApplication.Create(["--urls", "http://127.0.0.1:6001", "--Scheduler:Address=http://gateway-3.internal:80"]);

        Assert.Equal("http://gateway-3.internal:80", Options(app).Address);
    }

    [Theory]
    [InlineData("http://+:6003")]
    [InlineData("http://*:6003")]
    [InlineData("http://0.0.0.0:6003")]
    [InlineData("http://[::]:6003")]
    public async Task a_wildcard_listen_host_becomes_the_machine_name_in_the_address(string url)
    {
        await using var app = SiloApplication.Create(["--urls", url]);

        Assert.Equal($"http://{Dns.GetHostName()}:6003", Options(app).Address);
    }

    [Fact]
    public async Task http_ports_give_the_address_when_no_urls_are_set()
    {
        await using var app = SiloApplication.Create(["--http_ports", "6004"]);

        Assert.Equal($"http://{Dns.GetHostName()}:6004", Options(app).Address);
    }

    [Fact]
    public async Task a_listen_port_of_zero_leaves_the_address_unset_because_it_is_known_only_once_bound()
    {
        await using var app = SiloApplication.Create(["--urls", "http://127.0.0.1:0"]);

        Assert.Null(Options(app).Address);
    }

    [Fact]
    public async Task the_host_gives_a_graceful_stop_the_drain_timeout_plus_15_seconds()
    {
        await using var byDefault = SiloApplication.Create([]);
        await using var longDrain = SiloApplication.Create(["--Scheduler:DrainTimeout=00:02:00"]);
        await using var longerAlready = SiloApplication.Create(["--shutdownTimeoutSeconds=600"]);

        Assert.Equal(TimeSpan.FromSeconds(45), ShutdownTimeout(byDefault));
        Assert.Equal(TimeSpan.FromSeconds(135), ShutdownTimeout(longDrain));
        Assert.Equal(TimeSpan.FromSeconds(600), ShutdownTimeout(longerAlready));
    }

    [Fact]
    public void bad_scheduler_settings_are_refused_when_the_silo_is_built_naming_the_setting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => SiloApplication.Create(["--Scheduler:Capacity=0"]));

        Assert.Contains("Capacity", error.Message);
    }

    private static SchedulerOptions Options(WebApplication app) => app.Services.GetRequiredService<IOptions<SchedulerOptions>>().Value;

    private static TimeSpan ShutdownTimeout(WebApplication app) => app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;

    [Fact]
    public async Task without_urls_the_gateway_listens_on_port_5080()
    {
        await using var app = SiloApplication.Create([]);

        Assert.Equal(SiloConfiguration.DefaultUrl, app.Configuration["urls"]);
        Assert.Equal("http://localhost:5080", SiloConfiguration.DefaultUrl);
    }
}
