using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>Builds the store's key and channel names.</summary>
/// <remarks>
/// <para><b>What the Redis store keeps, and where.</b> This is the one place that documents the layout;
/// the README copies it. <c>os</c> is <see cref="RedisStoreOptions.KeyPrefix"/>, <c>&lt;q&gt;</c> a queue name.</para>
/// <para><b>Per queue</b>, all under the hash tag <c>{q:&lt;q&gt;}</c>, so one queue's keys sit in one Redis Cluster
/// slot and every script touches one slot. Scripts get only the queue prefix <c>os:{q:&lt;q&gt;}</c> as KEYS[1]
/// and build the keys below from it; that is legal in Cluster because they share its hash tag.</para>
/// <list type="table">
/// <item><term><c>os:{q:&lt;q&gt;}:task:&lt;id&gt;</c></term><description>hash: one task (fields below).</description></item>
/// <item><term><c>os:{q:&lt;q&gt;}:ready</c></term><description>zset of Pending ids; score (MaxPriority − priority) × 2^42 + seq, so the lowest score is the highest priority, oldest first. Exact in a double (&lt; 2^53).</description></item>
/// <item><term><c>os:{q:&lt;q&gt;}:seq</c></term><description>string counter (INCRBY) giving the seq of ready scores.</description></item>
/// <item><term><c>os:{q:&lt;q&gt;}:scheduled</c></term><description>zset of Scheduled ids (delayed or backing off); score = due time, unix ms.</description></item>
/// <item><term><c>os:{q:&lt;q&gt;}:running</c></term><description>zset of Running ids; score = attempt deadline, unix ms.</description></item>
/// <item><term><c>os:{q:&lt;q&gt;}:running:&lt;silo&gt;</c></term><description>set of the ids a silo runs, so a dead silo's work is found in O(its tasks).</description></item>
/// <item><term><c>os:{q:&lt;q&gt;}:ids</c></term><description>zset of every id, score 0: a lexicographic index (ZRANGEBYLEX) for listing in id order.</description></item>
/// <item><term><c>os:{q:&lt;q&gt;}:wake</c></term><description>pub/sub channel: a message (empty) whenever work may have become ready.</description></item>
/// </list>
/// <para><b>Cluster-wide</b>, under the hash tag <c>{os:cluster}</c>: <c>os:{os:cluster}:queues</c>, a set of every queue
/// a task was submitted to. Task ids are not part of a queue-free key, so a lookup by id alone
/// checks each known queue in one pipelined round trip.</para>
/// <para><b>Task hash fields</b> (short, because a small waiting task should cost little memory; absent = null or 0):
/// <c>s</c> state letter (below) · <c>t</c> type · <c>p</c> payload (JSON) · <c>pr</c> priority (absent = 0) ·
/// <c>m</c> max attempts · <c>to</c> timeout ms · <c>bo</c> first retry backoff ms · <c>c</c> created at (unix ms) ·
/// <c>ra</c> run at (unix ms; set when Scheduled) · <c>a</c> attempts started · <c>k</c> fencing token ·
/// <c>si</c> silo of the current or last attempt · <c>sa</c> started at · <c>fa</c> finished at ·
/// <c>r</c> result (JSON) · <c>e</c> last error · <c>pg</c> progress percent · <c>pm</c> progress message.</para>
/// <para><b>State letters</b>: S Scheduled · P Pending · R Running · D Succeeded (done) · F Failed · C Canceled ·
/// H Paused (held) · W Waiting.</para>
/// <para><b>Scripts</b> (<c>Scripts/*.lua</c>, one per transition; each file's header says its KEYS and ARGV).
/// Every script takes "now" (unix ms) from the caller's clock, never from Redis TIME.</para>
/// <list type="table">
/// <item><term><c>submit.lua</c></term><description><c>{0}</c> stored; <c>{1, id}</c> the id exists in the queue, nothing stored. Publishes a wake-up.</description></item>
/// <item><term><c>claim.lua</c></term><description>promotes due Scheduled tasks (bounded), claims up to max; returns <c>{nextDueMs or '', then id, type, payload, attempt, maxAttempts, token, timeoutMs per task}</c>.</description></item>
/// <item><term><c>complete.lua</c>, <c>fail.lua</c></term><description>one code per item: 0 accepted, 1 stale token, 2 not Running, 3 no such task. fail.lua publishes a wake-up when it scheduled a retry.</description></item>
/// <item><term><c>progress.lua</c></term><description>the same four codes, for one report.</description></item>
/// <item><term><c>expire.lua</c></term><description>the number of attempts timed out (at most one per jitter passed; the caller repeats while it is full).</description></item>
/// <item><term><c>cancel.lua</c></term><description><c>{0, fields}</c> canceled; <c>{1, fields}</c> refused, fields.s is the actual state; <c>{3}</c> no such task.</description></item>
/// <item><term><c>list.lua</c></term><description><c>{status, lastId, seen, id, fields, …}</c>; status 0 queue exhausted, 1 page full (lastId = last returned), 2 scan bound reached (lastId = last looked at).</description></item>
/// </list>
/// <para>A batch submission that spans queues, or names its own ids, runs as one MULTI/EXEC of one
/// submit.lua call per queue, guarded by WATCH conditions that no named id exists in any known queue.
/// That needs every queue involved on one node; on a sharded Cluster, submit such batches per queue.</para>
/// </remarks>
internal sealed class RedisKeys(string prefix)
{
    /// <summary>The key prefix, e.g. <c>os</c>.</summary>
    public string Prefix { get; } = prefix;

    /// <summary>The set of queue names: <c>os:{os:cluster}:queues</c>.</summary>
    public RedisKey Queues { get; } = $"{prefix}:{{os:cluster}}:queues";

    /// <summary>The prefix of a queue's keys, passed to scripts as KEYS[1]: <c>os:{q:&lt;queue&gt;}</c>.</summary>
    public RedisKey Queue(string queue) => $"{Prefix}:{{q:{queue}}}";

    /// <summary>A task's hash: <c>os:{q:&lt;queue&gt;}:task:&lt;id&gt;</c>.</summary>
    public RedisKey Task(string queue, string id) => $"{Prefix}:{{q:{queue}}}:task:{id}";

    /// <summary>A queue's wake-up channel: <c>os:{q:&lt;queue&gt;}:wake</c>.</summary>
    public RedisChannel Wake(string queue) => new($"{Prefix}:{{q:{queue}}}:wake", RedisChannel.PatternMode.Literal);
}
