using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;
using OrleansScheduler.Executors.Exec;
using OrleansScheduler.Executors.Http;
using OrleansScheduler.Failover;
using OrleansScheduler.Handlers;
using OrleansScheduler.Handlers.BuiltIn;
using OrleansScheduler.Hosting;
using OrleansScheduler.Scheduling;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Server;
using OrleansScheduler.Server.Grains;
using OrleansScheduler.Server.Placement;
using OrleansScheduler.Server.Routing;
using OrleansScheduler.Routing;
using OrleansScheduler.Storage;
using OrleansScheduler.Storage.InMemory;
using OrleansScheduler.Submissions;
using OrleansScheduler.Workers;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Adds the task scheduler to an Orleans silo, the way Orleans features are added:
/// <c>silo.AddTaskScheduler(o => …).UseRedisTaskStore(redis).AddHandler&lt;ResizeImage&gt;("resize")</c>.
/// </summary>
public static class TaskSchedulerSiloBuilderExtensions
{
    /// <summary>
    /// Adds the scheduler: its options (section <c>Scheduler</c> when bound by the host), its grains, the
    /// placement of each silo's worker grain, the silo's worker engine, the failover listener, the store's
    /// notices (finished workflow nodes) as grain messages, and the scheduler grain's keep-alive. Workflow
    /// grains keep their state in grain storage named <see cref="SchedulerGrainStorage.Name"/>: memory storage
    /// unless the application (or <c>UseRedisTaskStore</c>) registered one. It keeps tasks and schedules in this process's memory unless a store
    /// is chosen (<c>UseRedisTaskStore</c>, before or after this call); it never replaces a service the
    /// application registered itself. It raises the host's shutdown timeout to the drain timeout plus 15 s,
    /// so a graceful stop can drain. Calling it again only adds <paramref name="configure"/>.
    /// </summary>
    public static ISiloBuilder AddTaskScheduler(this ISiloBuilder silo, Action<SchedulerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var services = silo.Services;
        var options = services.AddOptions<SchedulerOptions>();
        if (configure is not null) options.Configure(configure);
        if (services.Any(d => d.ServiceType == typeof(SchedulerMarker))) return silo;
        if (!SchedulerGrainStorage.IsChosen(services, typeof(IGrainStorage)))
        {
            silo.AddMemoryGrainStorage(SchedulerGrainStorage.Name);
            SchedulerGrainStorage.MarkInMemoryDefault(services);
        }

        services.AddSingleton<SchedulerMarker>();
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SchedulerOptions>, SchedulerOptionsValidator>());
        Handlers(services);
        silo.AddHandler<GroupJoinHandler>(GroupJoinHandler.Type);
        // The executors refuse everything until the silo's configuration allow-lists commands and hosts.
        silo.AddHandler<ExecHandler>(ExecHandler.Type).AddHandler<HttpHandler>(HttpHandler.Type);
        services.AddExecExecutor().AddHttpExecutor();
        // A task target grain's NonRetryableTaskException or RetryAfterTaskException reaches the worker on another silo as itself.
        services.Configure<Orleans.Serialization.ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add(typeof(NonRetryableTaskException).Namespace!));
        services.TryAddKeyedSingleton(SchedulerClock.Key, TimeProvider.System);
        services.TryAddSingleton<ITaskStore>(NewInMemoryStore);
        services.TryAddSingleton<IScheduleStore>(NewInMemoryScheduleStore);

        services.AddSingleton<LocalSilo>();
        services.AddSingleton<IWorkNotifier, GrainWorkNotifier>();
        services.AddSingleton(sp => new SiloWorker(sp.GetRequiredService<ITaskStore>(), sp.GetRequiredService<TaskHandlerRegistry>(), sp, Options(sp),
            sp.GetRequiredService<LocalSilo>().Id, Clock(sp), sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<IWorkNotifier>(),
            sp.GetRequiredService<SnapshotClaimAdvisor>(), sp.GetRequiredService<OrleansScheduler.Telemetry.SchedulerMetrics>()));
        SchedulerMetricsServices.AddSchedulerMetrics(services);
        AddRouting(services);
        services.AddSingleton(sp => new SubmissionLanes(sp.GetRequiredService<ITaskStore>(), sp.GetRequiredService<OrleansScheduler.Telemetry.SchedulerMetrics>()));
        services.AddSingleton(sp => new SiloFailover(sp.GetRequiredService<ITaskStore>(), Options(sp), sp.GetRequiredService<IWorkNotifier>(),
            sp.GetRequiredService<ILogger<SiloFailover>>(), sp.GetRequiredService<OrleansScheduler.Telemetry.SchedulerMetrics>()));
        services.AddSingleton(sp => new FailoverBackstop(sp.GetRequiredService<ITaskStore>(), sp.GetRequiredService<SiloFailover>()));
        services.AddSingleton(sp => new QueueSweeper(sp.GetRequiredService<ITaskStore>(), sp.GetRequiredService<IWorkNotifier>(),
            sp.GetRequiredService<ILogger<QueueSweeper>>(), sp.GetRequiredService<RouteReconciler>()));
        services.AddSingleton(sp => new ScheduleFirer(sp.GetRequiredService<IScheduleStore>(), sp.GetRequiredService<ITaskStore>(), Clock(sp),
            sp.GetRequiredService<ILogger<ScheduleFirer>>(), sp.GetRequiredService<IWorkNotifier>(), sp.GetRequiredService<TaskPlacer>()));
        services.AddSingleton<StoreNotices>();
        services.AddSingleton(sp => new WorkflowNodeStore(sp.GetRequiredService<ITaskStore>(), sp.GetRequiredService<TaskPlacer>(),
            sp.GetRequiredService<IWorkNotifier>(), sp.GetRequiredService<IGrainFactory>()));
        services.AddSingleton(sp => new WorkflowBackstop(sp.GetRequiredService<ITaskStore>(), sp.GetRequiredService<IGrainFactory>()));
        Participant<StoreNoticesLifecycle>(services);
        Participant<WorkerLifecycle>(services);
        Participant<DeadSiloListener>(services);
        Participant<SchedulerKeepAlive>(services);
        OrleansScheduler.Server.Alerts.AlertServiceCollectionExtensions.AddSchedulerAlerts(services); // docs/alerts.md
        services.AddPlacementDirector<OnItsSiloPlacement, OnItsSiloPlacementDirector>();

        services.AddOptions<ClusterMembershipOptions>().Configure<IOptions<SchedulerOptions>>((membership, scheduler) =>
            FailoverProfiles.Apply(scheduler.Value.FailoverProfile, membership));
        services.AddOptions<HostOptions>().Configure<IOptions<SchedulerOptions>>((host, scheduler) => RaiseShutdownTimeout(host, scheduler.Value));
        return silo;
    }

    /// <summary>
    /// The routing of DESIGN.md §7: this silo's membership-and-load snapshot (fed by the loads the workers push),
    /// the placer that names silos at submit, the reconciler that routes again when silos come and go, and the
    /// load hints of this silo's claims.
    /// </summary>
    private static void AddRouting(IServiceCollection services)
    {
        services.AddSingleton<LocalLoad>();
        // The board reads this silo's load through the provider: the worker it reads needs the board's advisor.
        services.AddSingleton(sp => new SiloLoadBoard(sp.GetRequiredService<IClusterMembershipService>(), sp.GetRequiredService<LocalSilo>(),
            () => sp.GetRequiredService<LocalLoad>().Read(), Clock(sp)));
        services.AddSingleton<SnapshotClaimAdvisor>();
        services.AddSingleton(sp => new TaskInfoReader(sp.GetRequiredService<ITaskStore>(), sp.GetRequiredService<SiloLoadBoard>(), Options(sp).PinnedWait));
        services.AddSingleton(sp => new TaskPlacer(sp.GetRequiredService<ITaskStore>(), sp.GetRequiredService<SiloLoadBoard>().Snapshot, Clock(sp)));
        services.AddSingleton(sp => new RouteReconciler(sp.GetRequiredService<ITaskStore>(), sp.GetRequiredService<SiloLoadBoard>().Snapshot, Clock(sp),
            new RoutingOptions { PinnedWait = Options(sp).PinnedWait }));
        Participant<LoadReporter>(services);
        Participant<RoutingListener>(services);
    }

    /// <summary>
    /// Keeps tasks and cron schedules in this process's memory (the default): one silo, or several silos in
    /// one process that share <paramref name="store"/> and <paramref name="schedules"/> (a test cluster).
    /// </summary>
    public static ISiloBuilder UseInMemoryTaskStore(this ISiloBuilder silo, InMemoryTaskStore? store = null, InMemoryScheduleStore? schedules = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.Replace(ServiceDescriptor.Singleton<ITaskStore>(sp => store ?? NewInMemoryStore(sp)));
        silo.Services.Replace(ServiceDescriptor.Singleton<IScheduleStore>(sp => schedules ?? NewInMemoryScheduleStore(sp)));
        return silo;
    }

    /// <summary>Registers <typeparamref name="THandler"/> to run tasks of <paramref name="type"/> on this silo.</summary>
    /// <exception cref="ArgumentException">The type name is not valid.</exception>
    public static ISiloBuilder AddHandler<THandler>(this ISiloBuilder silo, string type) where THandler : class, ITaskHandler
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (!OrleansScheduler.Tasks.TaskLimits.IsValidType(type))
            throw new ArgumentException($"Handler type '{type}' must match {OrleansScheduler.Tasks.TaskLimits.TypePattern}.", nameof(type));
        Handlers(silo.Services).Add(type, typeof(THandler));
        silo.Services.TryAddTransient<THandler>();
        return silo;
    }

    /// <summary>
    /// Adds the built-in handlers used by the demo and tests: <c>echo</c>, <c>sleep</c>, <c>fail</c>, <c>cpu</c>,
    /// and the map-reduce example <c>sum-of-squares</c> with its children's <c>sum-of-squares-chunk</c>.
    /// </summary>
    public static ISiloBuilder AddBuiltInHandlers(this ISiloBuilder silo) =>
        silo.AddHandler<EchoHandler>("echo")
            .AddHandler<SleepHandler>("sleep")
            .AddHandler<FailHandler>("fail")
            .AddHandler<CpuHandler>("cpu")
            .AddHandler<SumOfSquaresHandler>("sum-of-squares")
            .AddHandler<SquaresChunkHandler>(SquaresChunkHandler.Type);

    /// <summary>How much longer than <see cref="SchedulerOptions.DrainTimeout"/> a graceful stop may take: time to hand back what is left and leave.</summary>
    public static readonly TimeSpan ShutdownMargin = TimeSpan.FromSeconds(15);

    /// <summary>The longest timeout a CancellationTokenSource takes (about 24.8 days).</summary>
    private static readonly TimeSpan MaxShutdownTimeout = TimeSpan.FromMilliseconds(int.MaxValue - 1);

    private static void RaiseShutdownTimeout(HostOptions host, SchedulerOptions scheduler)
    {
        var drain = scheduler.DrainTimeout;
        var needed = drain < MaxShutdownTimeout - ShutdownMargin ? drain + ShutdownMargin : MaxShutdownTimeout;
        if (host.ShutdownTimeout != Timeout.InfiniteTimeSpan && host.ShutdownTimeout < needed) host.ShutdownTimeout = needed;
    }

    /// <summary>The one handler registry, made on first use so handlers can be added before or after the scheduler.</summary>
    private static TaskHandlerRegistry Handlers(IServiceCollection services)
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(TaskHandlerRegistry))?.ImplementationInstance is TaskHandlerRegistry existing) return existing;
        var registry = new TaskHandlerRegistry();
        services.AddSingleton(registry);
        return registry;
    }

    private static void Participant<T>(IServiceCollection services) where T : class, ILifecycleParticipant<ISiloLifecycle>
    {
        services.AddSingleton<T>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<T>());
    }

    private static SchedulerOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<SchedulerOptions>>().Value;

    private static TimeProvider Clock(IServiceProvider services) => services.GetRequiredKeyedService<TimeProvider>(SchedulerClock.Key);

    /// <summary>The embedded store, with the silo's payload and history limits so the gateway and the store agree.</summary>
    private static InMemoryTaskStore NewInMemoryStore(IServiceProvider services)
    {
        var options = Options(services);
        return new(Clock(services), options.MaxPayloadBytes, options.History);
    }

    /// <summary>The embedded schedule store, with the silo's payload limit for task templates.</summary>
    private static InMemoryScheduleStore NewInMemoryScheduleStore(IServiceProvider services) => new(Clock(services), Options(services).MaxPayloadBytes);

    /// <summary>Marks a service collection the scheduler was added to.</summary>
    private sealed class SchedulerMarker;
}
