using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansScheduler.Handlers;
using OrleansScheduler.Membership;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Storage;

namespace OrleansScheduler.Hosting;

/// <summary>Returned by <c>AddScheduler</c>: chooses the store (<c>Use…</c>) and adds handlers (<c>Add…</c>).</summary>
public sealed class SchedulerBuilder
{
    internal SchedulerBuilder(IServiceCollection services, TaskHandlerRegistry handlers)
    {
        Services = services;
        Handlers = handlers;
    }

    /// <summary>The service collection, for store providers' extension methods.</summary>
    public IServiceCollection Services { get; }

    internal TaskHandlerRegistry Handlers { get; }

    /// <summary>Registers <typeparamref name="THandler"/> to run tasks of <paramref name="type"/>.</summary>
    public SchedulerBuilder AddHandler<THandler>(string type) where THandler : class, ITaskHandler
    {
        if (!Tasks.TaskLimits.IsValidType(type))
            throw new ArgumentException($"Handler type '{type}' must match {Tasks.TaskLimits.TypePattern}.", nameof(type));
        Handlers.Add(type, typeof(THandler));
        Services.TryAddTransient<THandler>();
        return this;
    }

    /// <summary>Uses <paramref name="factory"/> as the membership table and lease store, replacing the in-process default.</summary>
    public SchedulerBuilder UseClusterStore(Func<IServiceProvider, IClusterStore> factory)
    {
        Services.Replace(ServiceDescriptor.Singleton(factory));
        return this;
    }

    /// <summary>Uses <paramref name="factory"/> as the cron schedule store, replacing the in-process default.</summary>
    public SchedulerBuilder UseScheduleStore(Func<IServiceProvider, IScheduleStore> factory)
    {
        Services.Replace(ServiceDescriptor.Singleton(factory));
        return this;
    }

    /// <summary>Uses <paramref name="factory"/> as the task store, replacing the embedded default.</summary>
    public SchedulerBuilder UseStore(Func<IServiceProvider, ITaskStore> factory)
    {
        Services.Replace(ServiceDescriptor.Singleton(factory));
        return this;
    }
}
