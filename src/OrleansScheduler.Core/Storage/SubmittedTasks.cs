using System.Collections;

namespace OrleansScheduler.Storage;

/// <summary>
/// What a submission stored: the tasks' ids in input order (this is the list), and the queues whose
/// workers may be idle. A queue is idle when none of its tasks was Pending before the call, or when
/// the call scheduled a task due before any it already held: its workers may be asleep until a poll
/// or a later due time, so the submitter wakes them. A busy queue's workers claim again on their own.
/// </summary>
public sealed class SubmittedTasks(IReadOnlyList<string> ids, IReadOnlyList<string> idleQueues) : IReadOnlyList<string>
{
    /// <summary>The queues whose workers may be asleep, each once.</summary>
    public IReadOnlyList<string> IdleQueues { get; } = idleQueues;

    /// <inheritdoc />
    public string this[int index] => ids[index];

    /// <inheritdoc />
    public int Count => ids.Count;

    /// <inheritdoc />
    public IEnumerator<string> GetEnumerator() => ids.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
