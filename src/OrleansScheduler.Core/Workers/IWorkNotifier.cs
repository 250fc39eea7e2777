namespace OrleansScheduler.Workers;

/// <summary>
/// Where the engines say that work may be ready in a queue for other silos' workers: tasks a draining
/// silo handed back, a dead silo's tasks requeued, due tasks promoted. The silo host delivers it as a
/// grain message to the workers serving the queue; a wake-up, not a guarantee (workers also poll).
/// </summary>
public interface IWorkNotifier
{
    /// <summary>Work may be ready in <paramref name="queue"/>. Returns at once; never throws.</summary>
    void WorkReady(string queue);
}
