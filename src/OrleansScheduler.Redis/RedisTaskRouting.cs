using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// What the router asks of the Redis store (<see cref="ITaskRouting"/>) beside claims (<see cref="RedisTaskClaimer"/>):
/// the round-robin cursor (<c>rr</c>), the silo lanes (<c>routed</c>, <c>routed:&lt;silo&gt;</c>; read with
/// routed.lua, moved with reroute.lua) and the queue's default routing (<c>routing</c>). Layout in <see cref="RedisKeys"/>.
/// </summary>
internal sealed class RedisTaskRouting(IConnectionMultiplexer connection, RedisKeys keys, RedisTaskScripts scripts, RedisQueueRegistry queues,
    RedisNoticeCourier courier, TimeProvider clock, int eventStreamLength)
{
    public async Task<long> AdvanceRoundRobinAsync(string queue, int count)
    {
        ThrowIfInvalid(queue);
        return await connection.GetDatabase().StringIncrementAsync(keys.RoundRobin(queue), count) - count;
    }

    public async Task<IReadOnlyList<string>> ListRoutedSilosAsync(string queue)
    {
        if (!TaskLimits.IsValidQueue(queue)) return [];
        var members = await connection.GetDatabase().SetMembersAsync(keys.Routed(queue));
        var silos = members.Select(m => (string)m!).ToList();
        silos.Sort(StringComparer.Ordinal);
        return silos;
    }

    public async Task<IReadOnlyList<RoutedTask>> ListRoutedAsync(string queue, string silo, int max)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (!TaskLimits.IsValidQueue(queue) || max < 1) return [];
        var reply = (RedisResult[])(await scripts.EvaluateAsync(connection.GetDatabase(), scripts.Routed, keys.Queue(queue), [silo, max]))!;
        var tasks = new List<RoutedTask>(reply.Length / 2);
        for (int i = 0; i + 1 < reply.Length; i += 2)
        {
            var task = RedisTaskCodec.FromPacked(queue, (string)reply[i]!, reply[i + 1]);
            tasks.Add(new RoutedTask(task.Id, queue, task.Routing ?? TaskRouting.Default, task.RoutedTo ?? silo,
                task.RoutedSince ?? task.CreatedAt, task.CreatedAt));
        }
        return tasks;
    }

    public async Task<IReadOnlyList<bool>> RerouteAsync(string queue, IReadOnlyList<TaskReroute> moves)
    {
        ArgumentNullException.ThrowIfNull(moves);
        if (moves.Count == 0) return [];
        if (!TaskLimits.IsValidQueue(queue)) return new bool[moves.Count]; // no task can be in it
        var args = new RedisValue[2 + moves.Count * 3];
        args[0] = clock.GetUtcNow().ToUnixTimeMilliseconds();
        args[1] = eventStreamLength;
        int n = 2;
        foreach (var move in moves)
        {
            ArgumentNullException.ThrowIfNull(move, nameof(moves));
            args[n++] = move.Id;
            args[n++] = move.From;
            // null: no particular silo, any its routing admits (script: '')
            args[n++] = move.Error is { } error ? "!" + error : move.To ?? "";
        }
        var reply = (RedisResult[])(await scripts.EvaluateAsync(connection.GetDatabase(), scripts.Reroute, keys.Queue(queue), args))!;
        await courier.AfterAsync(queue, (long)reply[^1]);
        return [.. reply.Take(moves.Count).Select(code => (long)code == 1)];
    }

    public async Task SetQueueRoutingAsync(string queue, TaskRouting? routing)
    {
        ThrowIfInvalid(queue);
        if (routing is not null && TaskRoutingValidator.Validate(routing) is { Count: > 0 } errors)
            throw new ArgumentException($"The routing of queue '{queue}' is invalid: {string.Join(" ", errors.Select(e => e.Message))}", nameof(routing));
        var database = connection.GetDatabase();
        await database.SetAddAsync(keys.Queues, queue);
        queues.Add([queue]);
        if (routing is null) await database.KeyDeleteAsync(keys.QueueRouting(queue));
        else await database.StringSetAsync(keys.QueueRouting(queue), RedisRoutingCodec.Encode(routing));
    }

    public async Task<TaskRouting?> GetQueueRoutingAsync(string queue)
    {
        ThrowIfInvalid(queue);
        var json = await connection.GetDatabase().StringGetAsync(keys.QueueRouting(queue));
        return json.IsNull ? null : RedisRoutingCodec.Decode((string)json!);
    }

    private static void ThrowIfInvalid(string queue)
    {
        if (!TaskLimits.IsValidQueue(queue)) throw new ArgumentException($"Queue '{queue}' must match {TaskLimits.QueuePattern}.", nameof(queue));
    }
}
