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

    /// <summary>Tells every listener that work became ready in <paramref name="queue"/>; a hint (workers poll as well).</summary>
    public void WorkReady(string queue) => TellEach(listener => listener.WorkReady(queue));

    /// <summary>Tells every listener that <paramref name="attempts"/> were canceled with their parent; a hint (the silos' own check of their attempts finds them within AttemptCheckInterval).</summary>
    public void AttemptsCanceled(IReadOnlyList<CanceledAttempt> attempts)
    {
        if (attempts.Count > 0) TellEach(listener => listener.AttemptsCanceled(attempts));
    }

    /// <summary>
    /// Tells every listener that <paramref name="nodes"/> finished; false when one of them threw, so the store keeps
    /// the notice and delivers it again.
    /// </summary>
    public bool NodesFinished(IReadOnlyList<FinishedNode> nodes) => nodes.Count == 0 || TellEach(listener => listener.NodesFinished(nodes));

    /// <summary>Calls <paramref name="tell"/> for each listener; one that throws never keeps the others from hearing, nor stops a transition. False when one threw.</summary>
    private bool TellEach(Action<ITaskStoreListener> tell)
    {
        bool all = true;
        foreach (var listener in Volatile.Read(ref _listeners))
        {
            try
            {
                tell(listener);
            }
            catch (Exception)
            {
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
