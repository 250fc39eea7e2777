using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrleansScheduler.Families;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// Delivers the notices transitions leave in their queue's outbox (<c>notices</c>, formats in <c>_family.lua</c>):
/// a child's outcome to its parent in another queue (count_child.lua there), a parent's children to cancel
/// (cancel.lua in each child's queue), work made ready and finished workflow nodes to the listeners. Each notice
/// is removed once delivered; a node notice only when no listener threw. What a delivery leaves in another
/// queue's outbox is delivered in the same call. Every step is idempotent (a child counts once, a finished
/// task refuses to be canceled), so two deliverers of one notice do no harm.
/// </summary>
internal sealed class RedisNoticeCourier(IConnectionMultiplexer connection, RedisKeys keys, RedisTaskScripts scripts, RedisChildReader children,
    TaskStoreListeners listeners, TimeProvider clock, HistoryLimits history, ILogger logger)
{
    /// <summary>Most notices one pass over a queue's outbox reads.</summary>
    public const int Batch = 1000;

    /// <summary>Delivers <paramref name="queue"/>'s notices and those their delivery leaves elsewhere; returns how many it removed.</summary>
    public async Task<int> DeliverAsync(string queue)
    {
        var due = new Queue<string>([queue]);
        var queued = new HashSet<string>([queue], StringComparer.Ordinal);
        int delivered = 0;
        while (due.TryDequeue(out var next))
        {
            queued.Remove(next);
            delivered += await DeliverOnceAsync(next, more =>
            {
                if (queued.Add(more)) due.Enqueue(more);
            });
        }
        return delivered;
    }

    /// <summary>Delivers after a script whose reply said it left notices (<paramref name="pending"/> &gt; 0).</summary>
    public Task AfterAsync(string queue, long pending) => pending > 0 ? DeliverAsync(queue) : Task.CompletedTask;

    private async Task<int> DeliverOnceAsync(string queue, Action<string> more)
    {
        var database = connection.GetDatabase();
        var outbox = keys.Notices(queue);
        var nodes = new List<(RedisValue Notice, FinishedNode Node)>();
        int delivered = 0;
        foreach (var notice in await database.ListRangeAsync(outbox, 0, Batch - 1))
        {
            using var document = JsonDocument.Parse((string)notice!);
            var n = document.RootElement;
            switch (n[0].GetString())
            {
                case "c":
                    string parentQueue = n[1].GetString()!;
                    long pending = (long)await scripts.EvaluateAsync(database, scripts.CountChild, keys.Queue(parentQueue), [
                        n[2].GetString(), n[3].GetString(), n[4].GetInt32(), n[5].GetString(), n[6].GetString(), Now(), history.EventStreamLength,
                    ]);
                    if (pending > 0) more(parentQueue);
                    break;
                case "w":
                    listeners.WorkReady(n[1].GetString()!);
                    break;
                case "x":
                    string parentId = n[1].GetString()!;
                    string reason = n[2].GetString() == "f"
                        ? FamilyGuard.FailedFastReason(parentId, n[3].GetString()!, RedisTaskCodec.State(n[4].GetString()!))
                        : FamilyGuard.CanceledWithParentReason(parentId);
                    await CancelChildrenAsync(queue, parentId, reason, more);
                    break;
                case "n":
                    var node = RedisNodeCodec.Decode(n[3].GetString()!);
                    nodes.Add((notice, new FinishedNode(node.WorkflowId, node.Key, n[1].GetString()!, RedisTaskCodec.State(n[2].GetString()!))));
                    continue; // removed below, once every listener heard it
                default:
                    // written by a newer version during a rolling upgrade: it stays for a deliverer that knows it
                    RedisStoreLog.UnknownNotice(logger, queue, (string)notice!);
                    continue;
            }
            await database.ListRemoveAsync(outbox, notice, 1);
            delivered++;
        }
        if (nodes.Count > 0 && listeners.NodesFinished([.. nodes.Select(n => n.Node)]))
        {
            foreach (var (notice, _) in nodes) await database.ListRemoveAsync(outbox, notice, 1);
            delivered += nodes.Count;
        }
        return delivered;
    }

    /// <summary>Cancels the parent's children that are not terminal, each in its own queue; those that are parents leave notices of their own.</summary>
    private async Task CancelChildrenAsync(string parentQueue, string parentId, string reason, Action<string> more)
    {
        if (await children.ReadAsync(parentQueue, parentId) is not { } family) return; // the parent is gone: so are its children
        var database = connection.GetDatabase();
        // pipelined, and the replies read in turn (more is not thread-safe)
        var cancels = family.Children.Where(c => !IsTerminal(c.Status)).Select(child => (child.Queue,
            Call: scripts.EvaluateAsync(database, scripts.Cancel, keys.Queue(child.Queue), [child.Id, Now(), history.EventStreamLength, reason, 1]))).ToList();
        foreach (var (queue, call) in cancels)
        {
            var reply = (RedisResult[])(await call)!;
            // refused: it finished in the meantime
            if ((long)reply[0] == 0 && (long)reply[2] > 0) more(queue);
        }
        // The silos running the canceled children fire their handlers' tokens now, not at their next check.
        listeners.AttemptsCanceled(family.RunningAttempts());
    }

    private static bool IsTerminal(TaskState state) => state is TaskState.Succeeded or TaskState.Failed or TaskState.Canceled;

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();
}
