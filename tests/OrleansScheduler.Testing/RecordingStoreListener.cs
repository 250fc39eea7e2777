using OrleansScheduler.Families;

namespace OrleansScheduler.Testing;

/// <summary>A store listener that keeps what it heard, for the contract suites.</summary>
public sealed class RecordingStoreListener : ITaskStoreListener
{
    public List<string> ReadyQueues { get; } = [];
    public List<FinishedNode> Nodes { get; } = [];
    public List<CanceledAttempt> Canceled { get; } = [];

    public void AttemptsCanceled(IReadOnlyList<CanceledAttempt> attempts)
    {
        lock (Canceled) Canceled.AddRange(attempts);
    }

    public void WorkReady(string queue)
    {
        lock (ReadyQueues) ReadyQueues.Add(queue);
    }

    public void NodesFinished(IReadOnlyList<FinishedNode> nodes)
    {
        lock (Nodes) Nodes.AddRange(nodes);
    }
}
