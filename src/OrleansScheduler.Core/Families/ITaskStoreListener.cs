namespace OrleansScheduler.Families;

/// <summary>
/// What a store tells its host beyond the reply of the call that caused it (<see cref="Storage.ITaskFamilies.Listen"/>):
/// parents its transitions released into a queue, workflow nodes that finished, and running children that
/// a cascade canceled. The silo host turns
/// them into grain messages. Hints, delivered at least once and possibly twice: receivers read the truth
/// from the store. Called outside any store lock; must return at once and never throw.
/// </summary>
public interface ITaskStoreListener
{
    /// <summary>Tasks became Pending in <paramref name="queue"/> (a parent released for its join step).</summary>
    void WorkReady(string queue);

    /// <summary>Workflow nodes reached a terminal state.</summary>
    void NodesFinished(IReadOnlyList<FinishedNode> nodes);

    /// <summary>
    /// Running children were canceled with their parent (canceled, or failed fast): their silos should fire
    /// the handlers' tokens now rather than at their next check of their attempts.
    /// </summary>
    void AttemptsCanceled(IReadOnlyList<CanceledAttempt> attempts);
}
