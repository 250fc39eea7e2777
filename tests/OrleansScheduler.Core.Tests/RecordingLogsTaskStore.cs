using System.Collections.Concurrent;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Core.Tests;

/// <summary>
/// A task store that keeps the log lines silos ship (in memory, in the order received) and counts
/// the calls that brought them, or refuses them when <see cref="FailLogs"/> is set. Everything
/// else passes straight through to <paramref name="inner"/>.
/// </summary>
internal sealed class RecordingLogsTaskStore(ITaskStore inner) : DelegatingTaskStore(inner)
{
    private readonly ConcurrentQueue<TaskLogEntry> _lines = new();
    private int _appendCalls;

    /// <summary>When set, every AppendLogsAsync call throws, as a store that cannot be reached would.</summary>
    public bool FailLogs { get; set; }

    public int AppendCalls => Volatile.Read(ref _appendCalls);

    public IReadOnlyList<TaskLogEntry> Lines => [.. _lines];

    public IReadOnlyList<TaskLogEntry> LinesOf(string id) => [.. _lines.Where(l => l.TaskId == id)];

    public override Task AppendLogsAsync(IReadOnlyList<TaskLogEntry> lines, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _appendCalls);
        if (FailLogs) throw new InvalidOperationException("the log store is down on purpose");
        foreach (var line in lines) _lines.Enqueue(line);
        return Task.CompletedTask;
    }

    public override Task<IReadOnlyList<TaskLogEntry>?> GetLogsAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<TaskLogEntry>?>(LinesOf(id));
}
