using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansScheduler.Handlers;

namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>Test handlers added to a silo from a test's services, through the silo's own builder.</summary>
public static class HandlerRegistration
{
    /// <summary>Adds <typeparamref name="THandler"/> for tasks of <paramref name="type"/> to the silo these services build.</summary>
    public static IServiceCollection AddTaskHandler<THandler>(this IServiceCollection services, string type) where THandler : class, ITaskHandler =>
        services.AddOrleans(silo => silo.AddHandler<THandler>(type));
}
