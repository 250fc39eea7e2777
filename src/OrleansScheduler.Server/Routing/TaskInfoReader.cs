using OrleansScheduler.Api;
using OrleansScheduler.Routing;
using OrleansScheduler.Storage;

namespace OrleansScheduler.Server.Routing;

/// <summary>
/// Reads a task as the API answers it, with why a Pending routed task waits (<see cref="TaskInfo.WaitingFor"/>)
/// as this silo's membership-and-load snapshot sees it. The catalog grain and a co-hosted API both read through it.
/// </summary>
public sealed class TaskInfoReader
{
    private readonly ITaskStore _store;
    private readonly SiloLoadBoard _board;
    private readonly TimeSpan _pinnedWait;

    internal TaskInfoReader(ITaskStore store, SiloLoadBoard board, TimeSpan pinnedWait)
    {
        _store = store;
        _board = board;
        _pinnedWait = pinnedWait;
    }

    /// <summary>The task, or null when there is no such task.</summary>
    public async Task<TaskInfo?> GetAsync(string id)
    {
        if (await _store.GetAsync(id).ConfigureAwait(false) is not { } task) return null;
        var info = task.ToInfo();
        return task.Routing is null ? info : info with { WaitingFor = WaitingReason.For(task, _board.Snapshot(), _pinnedWait) };
    }
}
