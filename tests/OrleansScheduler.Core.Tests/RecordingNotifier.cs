using System.Collections.Concurrent;
using OrleansScheduler.Workers;

namespace OrleansScheduler.Core.Tests;

/// <summary>A work notifier that keeps, in order, the queues it was told about.</summary>
internal sealed class RecordingNotifier : IWorkNotifier
{
    private readonly ConcurrentQueue<string> _queues = new();

    /// <summary>Every queue told, in order, as often as it was told.</summary>
    public IReadOnlyList<string> Queues => [.. _queues];

    public void WorkReady(string queue) => _queues.Enqueue(queue);
}
