using System.Collections.Concurrent;
using System.Diagnostics;

namespace OrleansScheduler.Bench;

/// <summary>When each task's handler started, as <see cref="Stopwatch"/> timestamps, by task id.</summary>
public sealed class LatencyProbe
{
    private readonly ConcurrentDictionary<string, long> _starts = new();

    /// <summary>How many tasks have started.</summary>
    public int Count => _starts.Count;

    /// <summary>Records that <paramref name="taskId"/> started now (the first start wins).</summary>
    public void Started(string taskId) => _starts.TryAdd(taskId, Stopwatch.GetTimestamp());

    /// <summary>When <paramref name="taskId"/> started, if it did.</summary>
    public bool TryGetStart(string taskId, out long timestamp) => _starts.TryGetValue(taskId, out timestamp);
}
