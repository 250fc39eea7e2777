using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansScheduler.Handlers;
using OrleansScheduler.Handlers.BuiltIn;
using OrleansScheduler.Storage;
using OrleansScheduler.Storage.InMemory;
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
        services.TryAddSingleton(sp => SiloIdentity.Create(sp.GetRequiredService<IOptions<SchedulerOptions>>().Value.SiloId));
        services.TryAddSingleton<ITaskStore>(NewInMemoryStore);
        services.TryAddSingleton<SiloWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<SiloWorker>());
        return new SchedulerBuilder(services, registry);
    }

    /// <summary>Keeps tasks in this process's memory (the default): one silo, or several silos sharing one instance in tests.</summary>
    public static SchedulerBuilder UseInMemory(this SchedulerBuilder builder, InMemoryTaskStore? store = null) =>
        builder.UseStore(sp => store ?? NewInMemoryStore(sp));

    /// <summary>The embedded store, with the silo's payload limit so the gateway and the store agree.</summary>
    private static InMemoryTaskStore NewInMemoryStore(IServiceProvider services) =>
        new(services.GetRequiredService<TimeProvider>(), services.GetRequiredService<IOptions<SchedulerOptions>>().Value.MaxPayloadBytes);

    /// <summary>Adds the built-in handlers used by demos and tests: <c>echo</c>, <c>sleep</c>, <c>fail</c> and <c>cpu</c>.</summary>
    public static SchedulerBuilder AddBuiltInHandlers(this SchedulerBuilder builder) =>
        builder.AddHandler<EchoHandler>("echo")
               .AddHandler<SleepHandler>("sleep")
               .AddHandler<FailHandler>("fail")
               .AddHandler<CpuHandler>("cpu");
}
