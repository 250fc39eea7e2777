using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansScheduler.Handlers;
using OrleansScheduler.Handlers.BuiltIn;
using OrleansScheduler.Hosting;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Storage;
using OrleansScheduler.Storage.InMemory;

namespace OrleansScheduler.Server.Tests;

/// <summary>
/// <c>AddTaskScheduler</c> adds what the scheduler needs with in-memory defaults only where the application
/// registered none, and the store and handlers can be chosen before or after it. The host is built, not started.
/// </summary>
public sealed class HostingTests
{
    private static IHost Build(Action<ISiloBuilder> configure, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder();
        services?.Invoke(builder.Services);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering();
            configure(silo);
        });
        return builder.Build();
    }

    [Fact]
    public async Task the_scheduler_alone_keeps_tasks_and_schedules_in_memory_with_the_silos_limits()
    {
        using var host = Build(silo => silo.AddTaskScheduler(o => o.MaxPayloadBytes = 1234));

        var store = Assert.IsType<InMemoryTaskStore>(host.Services.GetRequiredService<ITaskStore>());
        Assert.IsType<InMemoryScheduleStore>(host.Services.GetRequiredService<IScheduleStore>());
        Assert.Same(TimeProvider.System, host.Services.GetRequiredKeyedService<TimeProvider>(SchedulerClock.Key));
        var tooLarge = new OrleansScheduler.Tasks.TaskSubmission { Type = "echo", Payload = $"\"{new string('x', 1300)}\"" };
        await Assert.ThrowsAsync<ArgumentException>(() => store.SubmitAsync([tooLarge]));
    }

    [Fact]
    public void a_store_the_application_registered_first_is_kept()
    {
        var mine = new InMemoryTaskStore();

        using var host = Build(silo => silo.AddTaskScheduler(), services => services.AddSingleton<ITaskStore>(mine));

        Assert.Same(mine, host.Services.GetRequiredService<ITaskStore>());
    }

    [Fact]
    public void the_in_memory_store_given_is_used_whether_chosen_before_or_after_the_scheduler()
    {
        var before = new InMemoryTaskStore();
        var after = new InMemoryTaskStore();

        using var first = Build(silo => silo.UseInMemoryTaskStore(before).AddTaskScheduler());
        using var second = Build(silo => silo.AddTaskScheduler().UseInMemoryTaskStore(after));

        Assert.Same(before, first.Services.GetRequiredService<ITaskStore>());
        Assert.Same(after, second.Services.GetRequiredService<ITaskStore>());
    }

    [Fact]
    public void handlers_added_before_or_after_the_scheduler_all_reach_one_registry()
    {
        using var host = Build(silo => silo.AddHandler<EchoHandler>("before").AddTaskScheduler().AddHandler<SleepHandler>("after").AddBuiltInHandlers());

        var registry = host.Services.GetRequiredService<TaskHandlerRegistry>();
        // osched.group, the join of broadcast and sharded tasks, and the exec and http executors come with the scheduler itself.
        Assert.Equal(["after", "before", "cpu", "echo", "exec", "fail", "http", "osched.group", "sleep", "sum-of-squares", "sum-of-squares-chunk"], registry.Types);
        Assert.Equal(typeof(EchoHandler), registry.Find("before"));
        Assert.Equal(typeof(SleepHandler), registry.Find("after"));
    }

    [Fact]
    public void adding_the_scheduler_twice_adds_its_services_once_and_both_configurations()
    {
        using var host = Build(silo => silo.AddTaskScheduler(o => o.Capacity = 7).AddTaskScheduler(o => o.ClaimBatchSize = 3));

        var options = host.Services.GetRequiredService<IOptions<SchedulerOptions>>().Value;
        Assert.Equal(7, options.Capacity);
        Assert.Equal(3, options.ClaimBatchSize);
        Assert.Single(host.Services.GetServices<ILifecycleParticipant<ISiloLifecycle>>().OfType<WorkerLifecycle>());
    }

    [Fact]
    public void the_hosts_shutdown_timeout_is_raised_to_the_drain_timeout_and_a_margin()
    {
        using var host = Build(silo => silo.AddTaskScheduler(o => o.DrainTimeout = TimeSpan.FromMinutes(2)));

        Assert.Equal(TimeSpan.FromMinutes(2) + TaskSchedulerSiloBuilderExtensions.ShutdownMargin,
            host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    [Fact]
    public async Task options_a_silo_cannot_run_with_stop_it_at_start_naming_each()
    {
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            using var host = Build(silo => silo.AddTaskScheduler(o =>
            {
                o.Capacity = 0;
                o.Queues = ["bad queue"];
            }));
            await host.StartAsync();
        });

        Assert.Contains(refused.Failures, f => f.Contains("Capacity"));
        Assert.Contains(refused.Failures, f => f.Contains("'bad queue'"));
    }

    [Fact]
    public void a_handler_type_no_task_can_have_is_refused_when_added()
    {
        var builder = Host.CreateApplicationBuilder();
        ArgumentException? refused = null;
        builder.UseOrleans(silo => refused = Record.Exception(() => silo.AddHandler<EchoHandler>("has space")) as ArgumentException);

        Assert.NotNull(refused);
        Assert.Contains("has space", refused.Message);
    }
}
