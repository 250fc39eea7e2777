namespace OrleansScheduler.Families;

/// <summary>
/// A store's listeners (<see cref="Storage.ITaskFamilies.Listen"/>): what both stores use to tell them
/// what their transitions did. Each listener is called in turn; one that throws does not keep the others
/// from hearing, and what it missed is delivered again by the next <c>DeliverNoticesAsync</c>.
/// </summary>
public sealed class TaskStoreListeners
{
    private ITaskStoreListener[] _listeners = [];
    private readonly Lock _gate = new();

    /// <summary>Adds <paramref name="listener"/>; disposing the result removes it.</summary>
    public IDisposable Add(ITaskStoreListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        lock (_gate) _listeners = [.. _listeners, listener];
        return new Removal(this, listener);
    }

    /// <summary>Tells every listener that work became ready in <paramref name="queue"/>.</summary>
    public void WorkReady(string queue)
    {
        foreach (var listener in Volatile.Read(ref _listeners))
        {
            try
            {
                listener.WorkReady(queue);
            }
            catch (Exception)
            {
                // A wake-up is a hint: workers poll as well.
            }
        }
    }

    /// <summary>Tells every listener that <paramref name="attempts"/> were canceled with their parent; a hint, like a wake-up.</summary>
    public void AttemptsCanceled(IReadOnlyList<CanceledAttempt> attempts)
    {
        if (attempts.Count == 0) return;
        foreach (var listener in Volatile.Read(ref _listeners))
        {
            try
            {
                listener.AttemptsCanceled(attempts);
            }
            catch (Exception)
            {
                // The silos' own check of their attempts finds them within AttemptCheckInterval.
            }
        }
    }

    /// <summary>Tells every listener that <paramref name="nodes"/> finished; false when one of them threw (the nodes should be told again).</summary>
    public bool NodesFinished(IReadOnlyList<FinishedNode> nodes)
    {
        if (nodes.Count == 0) return true;
        bool all = true;
        foreach (var listener in Volatile.Read(ref _listeners))
        {
            try
            {
                listener.NodesFinished(nodes);
            }
            catch (Exception)
            {
                // The notice stays with the store and is delivered again; a listener never stops a transition.
                all = false;
            }
        }
        return all;
    }

    private sealed class Removal(TaskStoreListeners owner, ITaskStoreListener listener) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._gate) owner._listeners = [.. owner._listeners.Where(l => !ReferenceEquals(l, listener))];
        }
    }
}
