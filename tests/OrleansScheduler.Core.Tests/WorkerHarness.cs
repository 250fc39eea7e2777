using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OrleansScheduler.Handlers;
using OrleansScheduler.Handlers.BuiltIn;
using OrleansScheduler.Hosting;
using OrleansScheduler.Scheduling;
using OrleansScheduler.Storage;
using OrleansScheduler.Storage.InMemory;
using OrleansScheduler.Tasks;
using OrleansScheduler.Telemetry;
using OrleansScheduler.Testing;
using OrleansScheduler.Workers;

namespace OrleansScheduler.Core.Tests;

/// <summary>
/// One silo's worker engine on a task store, with no Orleans: the handlers come from a small service
/// collection (the built-in ones and whatever the test adds), and a loop sweeps every queue each
/// <see cref="SchedulerOptions.SweepInterval"/> as the scheduler grain has the queue grains do (time
/// out attempts past their deadline, promote due tasks, remove old finished ones). The sweep tells no
/// one what it promoted, so a test sees only the wake-ups the engine gives itself.
/// </summary>
internal sealed class WorkerHarness : IAsyncDisposable
{
    /// <summary>The silo the engine claims as, unless a test names another.</summary>
    public const string DefaultSiloId = "test-silo";

    private readonly ServiceProvider _services;
    private readonly CancellationTokenSource _stopSweeping = new();
    private readonly Task _sweeping;
    private bool _stopped;

    private WorkerHarness(ITaskStore store, SchedulerOptions options, ServiceProvider services, string siloId, IWorkNotifier? notifier, SchedulerMetrics? metrics)
    {
        Store = store;
        Options = options;
        _services = services;
        var loggers = services.GetRequiredService<ILoggerFactory>();
        Worker = new SiloWorker(store, services.GetRequiredService<TaskHandlerRegistry>(), services, options, siloId, TimeProvider.System, loggers, notifier, metrics: metrics);
        var sweeper = new QueueSweeper(store, NoWorkNotifier.Instance, loggers.CreateLogger<QueueSweeper>());
        Worker.Start();
        _sweeping = Task.Run(() => SweepAsync(sweeper, _stopSweeping.Token));
    }

    /// <summary>The store the engine claims from.</summary>
    public ITaskStore Store { get; }

    /// <summary>The engine.</summary>
    public SiloWorker Worker { get; }

    /// <summary>The options the engine runs with.</summary>
    public SchedulerOptions Options { get; }

    /// <summary>
    /// Starts an engine claiming as <paramref name="siloId"/> from <paramref name="store"/> (a new in-memory
    /// one by default) and telling <paramref name="notifier"/> what it hands back. Unless <paramref name="configure"/>
    /// says otherwise it polls and checks its attempts every 200 ms, sweeps every 100 ms and drains for up to
    /// 5 s; the options must pass the validator. <paramref name="handlers"/> adds handlers and their services.
    /// </summary>
    public static WorkerHarness Start(Action<SchedulerOptions>? configure = null, Action<HandlerSetup>? handlers = null, ITaskStore? store = null,
        string siloId = DefaultSiloId, IWorkNotifier? notifier = null, SchedulerMetrics? metrics = null)
    {
        var options = new SchedulerOptions
        {
            PollInterval = TimeSpan.FromMilliseconds(200),
            SweepInterval = TimeSpan.FromMilliseconds(100),
            AttemptCheckInterval = TimeSpan.FromMilliseconds(200),
            DrainTimeout = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(options);
        var validation = new SchedulerOptionsValidator().Validate(null, options);
        if (validation.Failed) throw new ArgumentException(validation.FailureMessage, nameof(configure));

        var setup = new HandlerSetup();
        setup.AddHandler<EchoHandler>("echo").AddHandler<SleepHandler>("sleep").AddHandler<FailHandler>("fail").AddHandler<CpuHandler>("cpu")
            .AddHandler<SumOfSquaresHandler>("sum-of-squares").AddHandler<SquaresChunkHandler>(SquaresChunkHandler.Type);
        handlers?.Invoke(setup);
        return new WorkerHarness(store ?? new InMemoryTaskStore(), options, setup.Build(), siloId, notifier, metrics);
    }

    public Task<TaskRecord> WaitForTerminalAsync(string id, TimeSpan? timeout = null) =>
        Eventually.Until(async () => (await Store.GetAsync(id))!, t => t.Status.IsTerminal(), $"task {id} to reach a terminal state", timeout);

    public Task<TaskRecord> WaitForStatusAsync(string id, TaskState status, TimeSpan? timeout = null) =>
        Eventually.Until(async () => (await Store.GetAsync(id))!, t => t.Status == status, $"task {id} to be {status}", timeout);

    /// <summary>Stops sweeping and stops the engine: <paramref name="graceful"/> drains it, otherwise it stops as a crash would. Once.</summary>
    public async Task StopAsync(bool graceful = true)
    {
        if (_stopped) return;
        _stopped = true;
        await _stopSweeping.CancelAsync();
        await _sweeping;
        await Worker.StopAsync(graceful);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await Worker.DisposeAsync();
        await _services.DisposeAsync();
        _stopSweeping.Dispose();
    }

    private async Task SweepAsync(QueueSweeper sweeper, CancellationToken cancellationToken)
    {
        using var tick = new PeriodicTimer(Options.SweepInterval);
        try
        {
            while (await tick.WaitForNextTickAsync(cancellationToken))
            {
                foreach (string queue in await Store.ListQueuesAsync(cancellationToken)) await sweeper.SweepAsync(queue, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The handlers an engine can run and the services they need, as <c>AddHandler</c> registers them in a silo.</summary>
    internal sealed class HandlerSetup
    {
        private readonly TaskHandlerRegistry _registry = new();

        public HandlerSetup()
        {
            Services.AddLogging();
            Services.AddSingleton(_registry);
        }

        /// <summary>Services handlers take in their constructors.</summary>
        public IServiceCollection Services { get; } = new ServiceCollection();

        /// <summary>Runs tasks of <paramref name="type"/> with <typeparamref name="THandler"/>, one instance per attempt.</summary>
        public HandlerSetup AddHandler<THandler>(string type) where THandler : class, ITaskHandler
        {
            _registry.Add(type, typeof(THandler));
            Services.TryAddTransient<THandler>();
            return this;
        }

        internal ServiceProvider Build() => Services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }
}
