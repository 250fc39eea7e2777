using System.Collections.Concurrent;

namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>Shared by every silo of a test: how many times each task's handler ran, and where.</summary>
public sealed class RunLedger
{
    private readonly ConcurrentDictionary<string, int> _runsByTask = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _runsBySilo = new(StringComparer.Ordinal);

    /// <summary>Runs per task id.</summary>
    public IReadOnlyDictionary<string, int> RunsByTask => _runsByTask;

    /// <summary>Runs per silo id.</summary>
    public IReadOnlyDictionary<string, int> RunsBySilo => _runsBySilo;

    /// <summary>Records one run of <paramref name="taskId"/> on <paramref name="siloId"/>; returns how many times the task has run.</summary>
    public int Record(string taskId, string siloId)
    {
        _runsBySilo.AddOrUpdate(siloId, 1, (_, n) => n + 1);
        return _runsByTask.AddOrUpdate(taskId, 1, (_, n) => n + 1);
    }
}
