namespace OrleansScheduler.Workers;

/// <summary>Tells no one: for an engine alone (tests, one silo), whose own workers poll.</summary>
public sealed class NoWorkNotifier : IWorkNotifier
{
    /// <summary>The one instance.</summary>
    public static NoWorkNotifier Instance { get; } = new();

    /// <inheritdoc />
    public void WorkReady(string queue)
    {
    }
}
