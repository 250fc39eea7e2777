using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansScheduler.Hosting;

namespace OrleansScheduler.Silo.Tests;

/// <summary>The silo's command-line shortcuts and configuration keys, as docs/configuration.md documents them.</summary>
public sealed class SiloConfigurationTests
{
    private static SchedulerOptions Options(WebApplication app) => app.Services.GetRequiredService<IOptions<SchedulerOptions>>().Value;

    private static T OrleansOptions<T>(WebApplication app) where T : class => app.Services.GetRequiredService<IOptions<T>>().Value;

    private static TimeSpan ShutdownTimeout(WebApplication app) => app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;

    [Fact]
    public void the_scheduler_shortcuts_become_scheduler_configuration_keys()
    {
        string[] args = SiloArguments.Normalize(["--redis", "127.0.0.1:6379", "--queues", "a, b", "--capacity=7", "--failover", "fast", "--urls", "http://127.0.0.1:0"]);

        Assert.Equal(
            ["--Scheduler:Redis=127.0.0.1:6379", "--Scheduler:Queues:0=a", "--Scheduler:Queues:1=b", "--Scheduler:Capacity=7", "--Scheduler:FailoverProfile=fast", "--urls", "http://127.0.0.1:0"],
            args);
    }

    [Fact]
    public void the_orleans_shortcuts_become_orleans_configuration_keys()
    {
        string[] args = SiloArguments.Normalize(["--silo-name", "silo-a", "--silo-port", "11112", "--gateway-port=30001", "--advertise-ip", "10.0.0.5",
            "--cluster-id", "prod", "--service-id", "billing"]);

        Assert.Equal(
            ["--Orleans:Name=silo-a", "--Orleans:Endpoints:SiloPort=11112", "--Orleans:Endpoints:GatewayPort=30001", "--Orleans:Endpoints:AdvertisedIPAddress=10.0.0.5",
             "--Orleans:ClusterId=prod", "--Orleans:ServiceId=billing"],
            args);
    }

    [Fact]
    public void a_shortcut_without_a_value_is_refused_with_an_example()
    {
        var error = Assert.Throws<ArgumentException>(() => SiloArguments.Normalize(["--silo-port"]));

        Assert.Contains("--silo-port 11111", error.Message);
    }

    [Fact]
    public async Task history_limits_bind_from_scheduler_configuration_and_leave_the_defaults_of_other_silos_alone()
    {
        await using var app = SiloApplication.Create(["--Scheduler:History:EventStreamLength=5", "--Scheduler:History:MaxLogLines=7"]);

        var options = Options(app);

        Assert.Equal(5, options.History.EventStreamLength);
        Assert.Equal(7, options.History.MaxLogLines);
        Assert.Equal(10_000, Storage.HistoryLimits.Default.EventStreamLength);
        Assert.Equal(10_000, new SchedulerOptions().History.EventStreamLength);
    }

    [Fact]
    public async Task command_line_shortcuts_bind_the_scheduler_options_replacing_the_default_queue()
    {
        await using var app = SiloApplication.Create(["--queues", "images,emails", "--capacity", "12", "--failover", "fast"]);

        var options = Options(app);

        Assert.Equal(["images", "emails"], options.Queues);
        Assert.Equal(12, options.Capacity);
        Assert.Equal(FailoverProfile.Fast, options.FailoverProfile);
        Assert.Equal(2, OrleansOptions<ClusterMembershipOptions>(app).NumMissedProbesLimit);
    }

    [Fact]
    public async Task the_orleans_shortcuts_name_the_silo_its_ports_and_its_cluster()
    {
        await using var app = SiloApplication.Create(["--silo-name", "node-7", "--silo-port", "12001", "--gateway-port", "32001", "--cluster-id", "prod", "--service-id", "billing"]);

        Assert.Equal("node-7", OrleansOptions<SiloOptions>(app).SiloName);
        var endpoints = OrleansOptions<EndpointOptions>(app);
        Assert.Equal((12001, 32001), (endpoints.SiloPort, endpoints.GatewayPort));
        var cluster = OrleansOptions<ClusterOptions>(app);
        Assert.Equal(("prod", "billing"), (cluster.ClusterId, cluster.ServiceId));
    }

    [Fact]
    public async Task on_redis_orleans_reads_the_ports_the_advertised_address_and_the_cluster_from_its_own_keys()
    {
        await using var app = SiloApplication.Create(["--redis", "127.0.0.1:1", "--silo-port", "12002", "--gateway-port", "32002", "--advertise-ip", "10.0.0.5",
            "--cluster-id", "prod", "--service-id", "billing"]);

        var endpoints = OrleansOptions<EndpointOptions>(app);
        Assert.Equal((12002, 32002, IPAddress.Parse("10.0.0.5")), (endpoints.SiloPort, endpoints.GatewayPort, endpoints.AdvertisedIPAddress));
        var cluster = OrleansOptions<ClusterOptions>(app);
        Assert.Equal(("prod", "billing"), (cluster.ClusterId, cluster.ServiceId));
    }

    [Fact]
    public async Task without_settings_the_silo_is_in_cluster_scheduler_of_service_scheduler_on_orleans_default_ports()
    {
        await using var app = SiloApplication.Create([]);

        var cluster = OrleansOptions<ClusterOptions>(app);
        Assert.Equal(("scheduler", "scheduler"), (cluster.ClusterId, cluster.ServiceId));
        var endpoints = OrleansOptions<EndpointOptions>(app);
        Assert.Equal((11111, 30000), (endpoints.SiloPort, endpoints.GatewayPort));
    }

    [Fact]
    public async Task a_comma_separated_queue_list_in_one_setting_binds_like_an_environment_variable_would()
    {
        await using var app = SiloApplication.Create(["--Scheduler:Queues=a,b,c", "--Scheduler:PollInterval=00:00:00.250"]);

        var options = Options(app);

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
    public async Task without_urls_the_api_listens_on_port_5080()
    {
        await using var app = SiloApplication.Create([]);

        Assert.Equal(SiloConfiguration.DefaultUrl, app.Configuration["urls"]);
        Assert.Equal("http://localhost:5080", SiloConfiguration.DefaultUrl);
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
}
