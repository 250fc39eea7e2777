using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansScheduler.Handlers;
using OrleansScheduler.Handlers.BuiltIn;
using OrleansScheduler.Membership;
using OrleansScheduler.Storage;
using OrleansScheduler.Storage.InMemory;
using OrleansScheduler.Scheduling;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Workers;

namespace OrleansScheduler.Hosting;

/// <summary>Hosting a silo in a .NET Generic Host: <c>services.AddScheduler(o => …).UseRedis(…).AddHandler&lt;T&gt;("type")</c>.</summary>
public static class SchedulerServiceCollectionExtensions
{
    /// <summary>
    /// Adds a silo: its options, the worker pool (a hosted service) and the embedded in-memory
    /// store, which a <c>Use…</c> call on the returned builder replaces.
    /// </summary>
    public static SchedulerBuilder AddScheduler(this IServiceCollection services, Action<SchedulerOptions>? configure = null)
    {
        var optionsBuilder = services.AddOptions<SchedulerOptions>();
        if (configure is not null) optionsBuilder.Configure(configure);
        optionsBuilder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SchedulerOptions>, SchedulerOptionsValidator>());

        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(TaskHandlerRegistry))?.ImplementationInstance as TaskHandlerRegistry;
        var registry = existing ?? new TaskHandlerRegistry();
        if (existing is null) services.AddSingleton(registry);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => SiloIdentity.Create(sp.GetRequiredService<IOptions<SchedulerOptions>>().Value.SiloId, sp.GetRequiredService<TimeProvider>().GetUtcNow()));
        services.TryAddSingleton<ITaskStore>(NewInMemoryStore);
        services.TryAddSingleton<IClusterStore>(sp => new InMemoryClusterStore(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IScheduleStore>(NewInMemoryScheduleStore);
        if (existing is null) AddSiloServices(services);
        return new SchedulerBuilder(services, registry);
    }

    /// <summary>
    /// Keeps tasks, membership and cron schedules in this process's memory (the default): one silo,
    /// or several silos in one process sharing the same instances (the testing host does this).
    /// </summary>
    public static SchedulerBuilder UseInMemory(this SchedulerBuilder builder, InMemoryTaskStore? store = null, InMemoryClusterStore? cluster = null,
        InMemoryScheduleStore? schedules = null) =>
        builder.UseStore(sp => store ?? NewInMemoryStore(sp))
               .UseClusterStore(sp => cluster ?? new InMemoryClusterStore(sp.GetRequiredService<TimeProvider>()))
               .UseScheduleStore(sp => schedules ?? NewInMemoryScheduleStore(sp));

    private static void AddSiloServices(IServiceCollection services)
    {
        services.AddSingleton<SiloKillSwitch>();
        services.AddSingleton(sp => new SiloWorker(sp.GetRequiredService<ITaskStore>(), sp.GetRequiredService<TaskHandlerRegistry>(), sp,
            Options(sp), sp.GetRequiredService<SiloIdentity>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<SiloKillSwitch>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => new SiloMembershipAgent(sp.GetRequiredService<IClusterStore>(), sp.GetRequiredService<ITaskStore>(), Options(sp),
            sp.GetRequiredService<SiloIdentity>(), sp.GetRequiredService<SiloWorker>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<SiloKillSwitch>(), sp.GetRequiredService<IHostApplicationLifetime>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => new SchedulerRole(sp.GetRequiredService<IClusterStore>(), sp.GetRequiredService<ITaskStore>(), Options(sp),
            sp.GetRequiredService<SiloIdentity>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<SiloKillSwitch>(),
            sp.GetRequiredService<SiloMembershipAgent>(), sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<IScheduleStore>()));
        // Hosted services stop in reverse order: the role hands its lease on first, then the
        // worker drains, then the agent leaves the membership table (heartbeating until then).
        services.AddHostedService(sp => sp.GetRequiredService<SiloMembershipAgent>());
        services.AddHostedService(sp => sp.GetRequiredService<SiloWorker>());
        services.AddHostedService(sp => sp.GetRequiredService<SchedulerRole>());
    }

    private static IOptions<SchedulerOptions> Options(IServiceProvider services) => services.GetRequiredService<IOptions<SchedulerOptions>>();

    /// <summary>The embedded store, with the silo's payload and history limits so the gateway and the store agree.</summary>
    private static InMemoryTaskStore NewInMemoryStore(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<SchedulerOptions>>().Value;
        return new(services.GetRequiredService<TimeProvider>(), options.MaxPayloadBytes, options.History);
    }

    /// <summary>The embedded schedule store, with the silo's payload limit for task templates.</summary>
    private static InMemoryScheduleStore NewInMemoryScheduleStore(IServiceProvider services) =>
        new(services.GetRequiredService<TimeProvider>(), services.GetRequiredService<IOptions<SchedulerOptions>>().Value.MaxPayloadBytes);

    /// <summary>Adds the built-in handlers used by demos and tests: <c>echo</c>, <c>sleep</c>, <c>fail</c> and <c>cpu</c>.</summary>
    public static SchedulerBuilder AddBuiltInHandlers(this SchedulerBuilder builder) =>
        builder.AddHandler<EchoHandler>("echo")
               .AddHandler<SleepHandler>("sleep")
               .AddHandler<FailHandler>("fail")
               .AddHandler<CpuHandler>("cpu");
}
