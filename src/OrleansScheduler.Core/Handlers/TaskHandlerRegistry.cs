namespace OrleansScheduler.Handlers;

/// <summary>The handler types registered with <c>AddHandler</c>, by task type name.</summary>
public sealed class TaskHandlerRegistry
{
    private readonly Dictionary<string, Type> _handlers = new(StringComparer.Ordinal);

    /// <summary>The task types this silo can run, sorted.</summary>
    public IReadOnlyList<string> Types => [.. _handlers.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Registers <paramref name="handlerType"/> for <paramref name="type"/>; a later registration of the same type wins.</summary>
    public void Add(string type, Type handlerType) => _handlers[type] = handlerType;

    /// <summary>The handler class for <paramref name="type"/>, or null.</summary>
    public Type? Find(string type) => _handlers.GetValueOrDefault(type);
}
