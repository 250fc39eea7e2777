namespace OrleansScheduler.Server.Targets;

/// <summary>
/// The grain classes registered with <c>AddTaskTargetGrain</c>, by the name a task's <c>target.grain</c> gives.
/// Only these can be targeted: the API names a registration, never a grain type, so it cannot reach any other grain.
/// </summary>
public sealed class TaskTargetRegistry
{
    private readonly Dictionary<string, Type> _grains = new(StringComparer.Ordinal);

    /// <summary>The registered names, sorted.</summary>
    public IReadOnlyList<string> Names => [.. _grains.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Registers <paramref name="grainClass"/> under <paramref name="name"/>; a later registration of the same name wins.</summary>
    public void Add(string name, Type grainClass) => _grains[name] = grainClass;

    /// <summary>The grain class registered under <paramref name="name"/>, or null.</summary>
    public Type? Find(string name) => _grains.GetValueOrDefault(name);
}
