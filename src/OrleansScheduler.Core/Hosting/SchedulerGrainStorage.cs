using Microsoft.Extensions.DependencyInjection;

namespace OrleansScheduler.Hosting;

/// <summary>
/// The Orleans grain storage the scheduler's grains keep their state in (workflows, DESIGN.md §8).
/// <c>AddTaskScheduler</c> registers memory storage under <see cref="Name"/> unless the application registered one
/// itself; <c>UseRedisTaskStore</c> registers Redis storage under it (with Orleans' serializer) unless the
/// application did. Storage registered later wins, as Orleans resolves a named storage by its last registration.
/// </summary>
public static class SchedulerGrainStorage
{
    /// <summary>The grain storage's name.</summary>
    public const string Name = "OrleansScheduler";

    /// <summary>
    /// Whether grain storage named <see cref="Name"/> other than the scheduler's in-memory default is registered.
    /// <paramref name="grainStorage"/> is Orleans' <c>IGrainStorage</c> (Core references no Orleans runtime).
    /// </summary>
    public static bool IsChosen(IServiceCollection services, Type grainStorage)
    {
        ArgumentNullException.ThrowIfNull(services);
        int registered = services.Count(d => d.IsKeyedService && Equals(d.ServiceKey, Name) && d.ServiceType == grainStorage);
        return registered > (services.Any(d => d.ServiceType == typeof(InMemoryDefault)) ? 1 : 0);
    }

    /// <summary>Notes that the storage under <see cref="Name"/> is the scheduler's in-memory default, which a store's own storage replaces.</summary>
    public static void MarkInMemoryDefault(IServiceCollection services) => services.AddSingleton<InMemoryDefault>();

    private sealed class InMemoryDefault;
}
