using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>
/// Claims with claim.lua, one call per claim: the request's slots, labels and load hints go as arguments, so
/// the script chooses from the shared lists and the routed lanes in one atomic step (_lanes.lua). A queue
/// without routed work the silo could take is claimed from exactly as before routing existed. A request with a
/// <see cref="ClaimRequest.RequestId"/> passes its key (<c>os:{q:&lt;q&gt;}:claim:&lt;id&gt;</c>) as KEYS[2]: the script
/// stores there what it claimed, and a retry of the request finds it and gets those tasks back.
/// </summary>
internal sealed class RedisTaskClaimer(IConnectionMultiplexer connection, RedisKeys keys, RedisTaskScripts scripts, RedisClusterRetry retry, TimeProvider clock,
    int eventStreamLength, int maxAttemptHistory)
{
    /// <summary>Values per claimed task in claim.lua's reply.</summary>
    private const int PerTask = 12;

    public async Task<ClaimBatch> ClaimAsync(ClaimRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!TaskLimits.IsValidQueue(request.Queue)) return ClaimBatch.Empty; // no task can be in it
        var now = clock.GetUtcNow();
        RedisKey[] scriptKeys = request.RequestId is { } requestId
            ? [keys.Queue(request.Queue), keys.ClaimRequest(request.Queue, requestId)]
            : [keys.Queue(request.Queue)];
        var reply = (RedisResult[])(await retry.EvaluateAsync(connection.GetDatabase(), scripts.Claim, scriptKeys, Args(request, now)))!;
        if (reply.Length == 1 && (string?)reply[0] == "gone") return ClaimBatch.Refused;

        var tasks = new List<ClaimedTask>((reply.Length - 1) / PerTask);
        for (int i = 1; i + PerTask - 1 < reply.Length; i += PerTask)
        {
            var timeout = TimeSpan.FromMilliseconds(RedisTaskCodec.ParseDouble((RedisValue)reply[i + 6]));
            var task = new ClaimedTask((string)reply[i]!, request.Queue, (string)reply[i + 1]!, (string)reply[i + 2]!,
                (int)reply[i + 3], (int)reply[i + 4], (long)reply[i + 5], timeout, now + timeout);
            task = RedisTaskCodec.WithFamily(task, (string)reply[i + 7]!);
            string routing = (string)reply[i + 8]!, target = (string)reply[i + 9]!;
            if (routing.Length > 0) task = task with { Routing = RedisRoutingCodec.Decode(routing) };
            if (target.Length > 0) task = task with { Target = RedisTargetCodec.Decode(target) };
            var (traceParent, traceState) = RedisTraceCodec.Decode((string)reply[i + 10]!);
            tasks.Add(task with { TraceParent = traceParent, TraceState = traceState, ReadyAt = RedisTaskCodec.ParseTime((RedisValue)reply[i + 11]) });
        }
        string nextDue = (string)reply[0]!;
        return new ClaimBatch(tasks, nextDue.Length == 0 ? null : RedisTaskCodec.ParseTime(nextDue));
    }

    private RedisValue[] Args(ClaimRequest request, DateTimeOffset now)
    {
        var labels = request.Labels;
        var others = request.OthersFree;
        var args = new RedisValue[11 + labels.Count * 2 + others.Count];
        args[0] = now.ToUnixTimeMilliseconds();
        args[1] = request.SiloId;
        args[2] = Math.Max(0, request.Max);
        args[3] = RedisTaskStore.PromoteLimit;
        args[4] = eventStreamLength;
        args[5] = maxAttemptHistory;
        args[6] = Math.Max(0, request.Slots);
        args[7] = request.DeferLeastLoaded ? 1 : 0;
        args[8] = (long)request.DeferWindow.TotalMilliseconds;
        args[9] = (long)ClaimRequest.RequestMemory.TotalMilliseconds;
        args[10] = labels.Count;
        int n = 11;
        foreach (var (key, value) in labels)
        {
            args[n++] = key;
            args[n++] = value;
        }
        foreach (int free in others) args[n++] = free;
        return args;
    }
}
