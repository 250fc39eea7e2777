using OrleansScheduler.Families;
using OrleansScheduler.Tasks;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// Reads a parent and its children: children.lua on the parent's queue gives the parent and the runs of
/// <c>kids:&lt;id&gt;</c> (which queue holds which positions), then get_many.lua reads the children, one call
/// per queue, all pipelined.
/// </summary>
internal sealed class RedisChildReader(IConnectionMultiplexer connection, RedisKeys keys, RedisTaskScripts scripts)
{
    /// <summary>A parent and those of its children in the range read that exist, in position order.</summary>
    public sealed record Family(TaskRecord Parent, IReadOnlyList<TaskRecord> Children)
    {
        /// <summary>The attempts of the children that were Running when read: those a cascade that cancels them tells the silos of.</summary>
        public IReadOnlyList<CanceledAttempt> RunningAttempts() =>
            [.. Children.Where(c => c.Status == TaskState.Running && c.Silo is not null).Select(c => new CanceledAttempt(c.Id, c.Silo!))];
    }

    /// <summary>The parent and its children in position order; null when the queue has no such task.</summary>
    public async Task<Family?> ReadAsync(string parentQueue, string parentId, int start = 0, int max = int.MaxValue)
    {
        var database = connection.GetDatabase();
        var reply = (RedisResult[])(await scripts.EvaluateAsync(database, scripts.Children, keys.Queue(parentQueue), [parentId]))!;
        if (reply.Length == 0) return null;
        var parent = RedisTaskCodec.FromPacked(parentQueue, parentId, reply[0]);
        var runs = reply.Skip(1).Select(r => (string)r!).Select(Run).ToList();
        int end = (int)Math.Min(parent.ChildCount, (long)Math.Max(0, start) + Math.Max(0, max));
        var byQueue = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        int run = -1;
        for (int p = Math.Max(0, start); p < end; p++)
        {
            // runs are in position order, and so are the positions: the run in force only moves on
            while (run + 1 < runs.Count && runs[run + 1].First <= p) run++;
            if (run < 0) continue; // a position no spawn stored
            string queue = runs[run].Queue;
            if (!byQueue.TryGetValue(queue, out var positions)) byQueue[queue] = positions = [];
            positions.Add(p);
        }
        var reads = byQueue.Select(async pair =>
        {
            var packed = (RedisResult[])(await scripts.EvaluateAsync(database, scripts.GetMany, keys.Queue(pair.Key),
                [.. pair.Value.Select(p => (RedisValue)FamilyGuard.ChildId(parentId, p))]))!;
            return pair.Value.Select((p, i) => (Position: p, Task: packed[i].IsNull ? null : RedisTaskCodec.FromPacked(pair.Key, FamilyGuard.ChildId(parentId, p), packed[i])));
        }).ToList();
        var children = (await Task.WhenAll(reads)).SelectMany(r => r).Where(c => c.Task is not null).OrderBy(c => c.Position).Select(c => c.Task!).ToList();
        return new Family(parent, children);
    }

    /// <summary>A member of <c>kids:&lt;id&gt;</c>: <c>&lt;first position&gt;:&lt;queue&gt;</c>.</summary>
    private static (int First, string Queue) Run(string member)
    {
        int colon = member.IndexOf(':', StringComparison.Ordinal);
        return (int.Parse(member.AsSpan(0, colon), System.Globalization.CultureInfo.InvariantCulture), member[(colon + 1)..]);
    }
}
