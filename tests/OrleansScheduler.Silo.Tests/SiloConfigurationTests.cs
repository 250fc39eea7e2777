using Microsoft.Extensions.DependencyInjection;
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
        Assert.Equal("node-7", app.Services.GetRequiredService<SiloIdentity>().Id);
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
    public async Task without_urls_the_gateway_listens_on_port_5080()
    {
        await using var app = SiloApplication.Create([]);

        Assert.Equal(SiloConfiguration.DefaultUrl, app.Configuration["urls"]);
        Assert.Equal("http://localhost:5080", SiloConfiguration.DefaultUrl);
    }
}
