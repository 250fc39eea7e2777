using Microsoft.Extensions.DependencyInjection;
using OrleansScheduler.Grains;
using OrleansScheduler.Server.Targets;
using OrleansScheduler.Tasks;
using OrleansScheduler.Workers;

namespace Microsoft.Extensions.Hosting;

/// <summary>Lets tasks run inside the application's own grains: <c>silo.AddTaskTargetGrain&lt;OrderGrain&gt;("orders")</c>.</summary>
public static class TaskTargetSiloBuilderExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TGrain"/> under <paramref name="name"/>: a task with <c>"target": {"grain": name, "key": …}</c>
    /// is run by calling that grain's <see cref="ITaskTargetGrain.RunTaskAsync"/>, with the task's retries, timeout,
    /// cancellation, progress and failover. Register it on every silo that serves the task's queue.
    /// </summary>
    /// <exception cref="ArgumentException">The name does not match <see cref="TaskLimits.TypePattern"/>.</exception>
    public static ISiloBuilder AddTaskTargetGrain<TGrain>(this ISiloBuilder silo, string name) where TGrain : Grain, ITaskTargetGrain
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (!TaskLimits.IsValidType(name))
            throw new ArgumentException($"Task target grain name '{name}' must match {TaskLimits.TypePattern}.", nameof(name));
        var services = silo.Services;
        bool first = !services.Any(d => d.ServiceType == typeof(TaskTargetRegistry));
        Registry(services).Add(name, typeof(TGrain));
        if (!first) return silo;
        services.AddSingleton<ITaskTargetInvoker, GrainTaskTargetInvoker>();
        services.AddSingleton<CallerDeathWatch>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<CallerDeathWatch>());
        silo.AddIncomingGrainCallFilter<TaskTargetCallFilter>();
        return silo;
    }

    private static TaskTargetRegistry Registry(IServiceCollection services)
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(TaskTargetRegistry))?.ImplementationInstance is TaskTargetRegistry existing) return existing;
        var registry = new TaskTargetRegistry();
        services.AddSingleton(registry);
        return registry;
    }
}
