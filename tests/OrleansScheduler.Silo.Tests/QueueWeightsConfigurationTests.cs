using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansScheduler.Hosting;

namespace OrleansScheduler.Silo.Tests;

/// <summary>Queue weights, the result limit and the task log level from configuration and the <c>--queues name:weight</c> shortcut.</summary>
public sealed class QueueWeightsConfigurationTests
{
    private static SchedulerOptions Options(WebApplication app) => app.Services.GetRequiredService<IOptions<SchedulerOptions>>().Value;

    [Fact]
    public void the_queues_shortcut_takes_a_weight_after_a_colon()
    {
        string[] args = SiloArguments.Normalize(["--queues", "default, images:3"]);

        Assert.Equal(["--Scheduler:Queues:0=default", "--Scheduler:Queues:1=images", "--Scheduler:QueueWeights:images=3"], args);
    }

    [Theory]
    [InlineData("images:x")]
    [InlineData("images:")]
    [InlineData(":3")]
    [InlineData("images:-2")]
    public void a_queue_item_with_a_bad_weight_is_refused_with_an_example(string item)
    {
        var error = Assert.Throws<ArgumentException>(() => SiloArguments.Normalize(["--queues", item]));

        Assert.Contains($"'{item}'", error.Message);
        Assert.Contains("--queues default,images:3", error.Message);
    }

    [Fact]
    public async Task weights_from_the_shortcut_bind_the_options()
    {
        await using var app = SiloApplication.Create(["--queues", "default,images:3"]);

        Assert.Equal(["default", "images"], Options(app).Queues);
        Assert.Equal(new Dictionary<string, int> { ["images"] = 3 }, Options(app).QueueWeights);
    }

    [Fact]
    public async Task weights_result_limit_and_task_log_level_bind_from_configuration_keys()
    {
        // The empty parent key is what WebApplicationFactory passes along with its children.
        await using var app = SiloApplication.Create(["--Scheduler:Queues=a,b", "--Scheduler:QueueWeights=", "--Scheduler:QueueWeights:b=7",
            "--Scheduler:MaxResultBytes=1000", "--Scheduler:TaskLogLevel=Warning"]);

        var options = Options(app);
        Assert.Equal(new Dictionary<string, int> { ["b"] = 7 }, options.QueueWeights);
        Assert.Equal(1000, options.MaxResultBytes);
        Assert.Equal(LogLevel.Warning, options.TaskLogLevel);
    }

    [Fact]
    public async Task weights_written_in_a_one_value_queue_list_bind_and_an_explicit_weight_wins()
    {
        await using var app = SiloApplication.Create(["--Scheduler:Queues=a,b:3,c:2", "--Scheduler:QueueWeights:c=5"]);

        var options = app.Services.GetRequiredService<IOptions<SchedulerOptions>>().Value;

        Assert.Equal(["a", "b", "c"], options.Queues);
        Assert.Equal(3, options.QueueWeights["b"]);
        Assert.Equal(5, options.QueueWeights["c"]);
        Assert.False(options.QueueWeights.ContainsKey("a"));
    }

    [Fact]
    public void a_weight_for_a_queue_the_silo_does_not_serve_stops_the_silo_from_starting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => SiloApplication.Create(["--queues", "a", "--Scheduler:QueueWeights:b=2"]));

        Assert.Contains("QueueWeights names queue 'b'", error.Message);
    }
}
