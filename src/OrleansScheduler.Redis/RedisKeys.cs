using OrleansScheduler.Tasks;
using StackExchange.Redis;

namespace OrleansScheduler.Redis;

/// <summary>Builds the stores' key names.</summary>
/// <remarks>
/// <para><b>What the Redis store keeps, and where.</b> This is the one place that documents the layout;
/// docs/redis.md copies it. <c>os</c> is <see cref="RedisStoreOptions.KeyPrefix"/>, <c>&lt;q&gt;</c> a queue name.</para>
/// <para><b>Per queue</b>, all under the hash tag <c>{q:&lt;q&gt;}</c>, so one queue's keys sit in one Redis Cluster
/// slot and every script touches one slot. Scripts get only the queue prefix <c>os:{q:&lt;q&gt;}</c> as KEYS[1]
/// and build the keys below from it; that is legal in Cluster because they share its hash tag.</para>
/// <list type="table">
/// <item><term><c>os:{q:&lt;q&gt;}:chunk:&lt;bound&gt;</c></term><description>hash: up to 100 tasks, those whose ids sort from its bound up to the next chunk's bound; field the id, value the task's fields (below) packed as one MessagePack array of texts in a fixed order (false = absent, trailing absent ones left off). The first chunk's bound is '' (key <c>os:{q:&lt;q&gt;}:chunk:</c>). Why chunks and not a hash per task: Redis keeps a hash of up to 128 small entries as one compact listpack, so a small task costs its id and its packed fields (about 75 bytes) with no key, dictionary entry or index entry of its own, and walking the chunks in bound order lists the tasks in id order without a separate index. A chunk that would pass 100 tasks is rewritten as several of equal size (an overflowing hash would switch to Redis' large encoding for good); one that deletions leave with fewer than 25 joins the chunk before it when both fit in one, and an emptied one goes. Helpers in <c>_tasks.lua</c>.</description></item>
/// <item><term><c>os:{q:&lt;q&gt;}:chunks</c></term><description>zset (score 0) of every chunk bound but the first: the chunk of an id is the greatest bound at or below it (ZREVRANGEBYLEX). It also holds a padding member (<c>!</c> and 64 <c>~</c>, below every id) that keeps it in Redis' skiplist encoding, where a lex lookup costs the same wherever it falls (in the listpack encoding it walks the members one by one). Helpers in <c>_chunks.lua</c>.</description></item>
/// <item><term><c>os:{q:&lt;q&gt;}:sorting</c></term><description>zset: scratch space in which a script has Redis sort ids (Lua's string comparison follows the server's locale, not byte order); deleted before the script ends, so never seen outside one.</description></item>
/// <item><term><c>os:{q:&lt;q&gt;}:ready:&lt;priority&gt;</c></term><description>list of the Pending ids of one priority, oldest first (RPUSH at the back, LPOP from the front). One list per priority rather than one zset scored by priority and sequence: a list entry costs about a quarter of a zset entry's memory, and pushes and pops a fraction of its CPU. Taking one Pending task out (pause, cancel, delete) is an LREM, linear in its list. Helpers in <c>_ready.lua</c>.</description></item>
/// <item><term><c>os:{q:&lt;q&gt;}:prios</c></term><description>zset of the priorities whose ready list is not empty (member the priority as text, score −priority), so a claim walks them highest first.</description></item>
/// <item><term><c>os:{q:&lt;q&gt;}:scheduled</c></term><description>zset of Scheduled ids (delayed or backing off); score = due time, unix ms.</description></item>
/// <item><term><c>os:{q:&lt;q&gt;}:running</c></term><description>zset of Running ids; score = attempt deadline, unix ms.</description></item>
/// <item><term><c>os:{q:&lt;q&gt;}:running:&lt;silo&gt;</c></term><description>set of the ids a silo runs, so a dead silo's work is found in O(its tasks).</description></item>
/// <item><term><c>os:{q:&lt;q&gt;}:gone</c></term><description>zset of the silos whose work requeue_silo.lua failed over here (they were declared dead); score = when, unix ms. claim.lua refuses their claims; entries older than <see cref="Storage.ITaskStore.RequeuedSiloMemory"/> are dropped by the next requeue.</description></item>
/// <item><term><c>os:{q:&lt;q&gt;}:dedup:&lt;key&gt;</c></term><description>hash: an idempotency key of the queue: <c>id</c> the task it names, <c>fp</c> fingerprint (SHA-256 hex of type, '\n', payload; made by the caller), <c>x</c> remembered until (unix ms, submission + its <see cref="TaskSubmission.IdempotencyWindow"/>, by default <see cref="TaskLimits.DefaultIdempotencyWindow"/>). Whether it is remembered is judged by <c>x</c> against the callers' clock; the key's Redis TTL (twice the window) only cleans up. Deleted with the task it names.</description></item>
/// <item><term><c>os:{q:&lt;q&gt;}:paused</c></term><description>string "1" while the queue is paused: claim.lua hands out nothing. Set and deleted by plain SET/DEL.</description></item>
/// <item><term><c>os:{q:&lt;q&gt;}:held</c></term><description>set of Paused task ids (state H), for exact counts.</description></item>
/// <item><term><c>os:{q:&lt;q&gt;}:done</c>, <c>:failed</c>, <c>:canceled</c></term><description>zsets of the Succeeded, Failed and Canceled ids; score = finish time (<c>fa</c>), unix ms. Exact counts, and the retention sweep takes the oldest by score. A task leaves them when retried, deleted or swept. A child's entry is scored +inf by the first sweep that meets it: it goes only with its parent.</description></item>
/// <item><term><c>os:{q:&lt;q&gt;}:waiting</c></term><description>set of Waiting ids (state W): parents waiting for their children (<c>j</c> set) and workflow nodes waiting for their workflow; exact counts, and what the workflows' backstop reads (SSCAN, then get_many.lua) to find the workflows with Waiting nodes without scanning the queue.</description></item>
/// <item><term><c>os:{q:&lt;q&gt;}:kids:&lt;id&gt;</c></term><description>zset, in the parent's queue: which queue holds each of its children, as runs: member <c>&lt;first position&gt;:&lt;queue&gt;</c>, score the first position; the child at position p (id <c>&lt;id&gt;.&lt;p&gt;</c>) is in the queue of the member with the greatest score ≤ p. Written by submit.lua (a family) and spawn.lua; deleted with the parent.</description></item>
/// <item><term><c>os:{q:&lt;q&gt;}:counted:&lt;id&gt;</c></term><description>string used as a bitmap, in the parent's queue: bit p is set (SETBIT) when the child at position p was counted, so a notice delivered twice counts once. Deleted with the parent.</description></item>
/// <item><term><c>os:{q:&lt;q&gt;}:notices</c></term><description>list, the queue's outbox: what its transitions owe another queue or the store's listeners, each a JSON array: <c>["c", parentQueue, parentId, childId, position, state letter, error or ""]</c> count a child on its parent in another queue · <c>["x", parentId, "f" or "c", childId or "", state letter or ""]</c> cancel the parent's unfinished children (it failed fast after that child; or it was canceled) · <c>["n", taskId, state letter, node]</c> a workflow node reached a terminal state · <c>["w", queue]</c> a parent there became Pending. The store call whose script appended them delivers them at once (count_child.lua and cancel.lua in the other queues, <see cref="Families.ITaskStoreListener"/>) and removes each (LREM) once delivered, an <c>n</c> one only when no listener threw; <see cref="Storage.ITaskFamilies.DeliverNoticesAsync"/> delivers what a caller that died left. Empty, so absent, almost always.</description></item>
/// <item><term><c>os:{q:&lt;q&gt;}:events</c></term><description>stream of the queue's events, one per transition, written in the transition's script (none when <see cref="Storage.HistoryLimits.EventStreamLength"/> is 0). A script buffers its events and appends them as one entry (one XADD per call, not per event: the XADD costs several times the packing), field <c>b</c>: the events joined by \x1e, each <c>task \x1f type \x1f from letter \x1f to letter \x1f silo \x1f attempt count after \x1f time (unix ms, the caller's clock) \x1f error</c> ('' = none; silo and error escaped: \ as \\, \x1e as \1, \x1f as \2), type one of <see cref="TaskEventTypes"/>. Events are numbered 1, 2, … per queue; an entry's id is <c>&lt;ms&gt;-&lt;number of its first event&gt;</c> (ms the caller's now, never below the previous entry's), and its events' ids are <c>&lt;ms&gt;-&lt;number&gt;</c>. A <c>childFinished</c> event has a ninth field, <c>\x1f progress</c> (0–100); an event without it (every other kind, and every one written before it existed) has no progress. Whole entries are trimmed once all their events are older than the newest EventStreamLength (looked at each time the count passes a multiple of 64: the look reads two entries); readers (events.lua, task_events.lua) leave out the older events the oldest entry kept may still hold, so they see exactly the newest EventStreamLength.</description></item>
/// <item><term><c>os:{q:&lt;q&gt;}:evlast</c></term><description>string: the id of the queue's newest event, <c>&lt;ms&gt;-&lt;number&gt;</c>, from which the next entry's id is made.</description></item>
/// <item><term><c>os:{q:&lt;q&gt;}:attempts:&lt;id&gt;</c></term><description>list of a task's ended attempts but the last, oldest first, each a JSON array <c>[number, silo, startedMs, finishedMs, outcome, error or '']</c>; the newest <see cref="Storage.HistoryLimits.MaxAttemptHistory"/> are kept. The last ended attempt stays in the task's hash (<c>ao</c>, <c>ae</c>) and moves here only when the task runs again (claim.lua, retry.lua), so a task that ran once has no list: one write fewer per task. Deleted with the task.</description></item>
/// <item><term><c>os:{q:&lt;q&gt;}:logs:&lt;id&gt;</c></term><description>list of a task's log lines, oldest first, each a JSON array <c>[attempt, timeMs, level, message]</c>; the newest <see cref="Storage.HistoryLimits.MaxLogLines"/> are kept. Deleted with the task.</description></item>
/// <item><term><c>os:{q:&lt;q&gt;}:limits</c></term><description>hash, absent when the queue has no limits: <c>c</c> max concurrency · <c>r</c> rate per second · <c>ret</c> retention ms (absent = none, default retention).</description></item>
/// <item><term><c>os:{q:&lt;q&gt;}:bucket</c></term><description>hash: the rate's token bucket, <c>t</c> tokens (a double) · <c>at</c> last refill (unix ms). Made full by the first claim under a rate; refilled by claims, clamped by set_limits.lua.</description></item>
/// <item><term><c>os:{q:&lt;q&gt;}:tput</c></term><description>hash: a ring of 60 per-second slots per kind, so it never grows: field <c>s&lt;n&gt;</c> (into Succeeded) or <c>f&lt;n&gt;</c> (into Failed: fail, expire, poison), n = unix second mod 60, value <c>&lt;second&gt;:&lt;count&gt;</c>; a slot holding an older second starts again at 0.</description></item>
/// </list>
/// <para><b>Cluster-wide</b>, all under the hash tag <c>{os:cluster}</c>, so every schedule script touches one slot. The
/// schedule scripts get the prefix <c>os:{os:cluster}</c> as KEYS[1] and build the keys below from it. (Membership is
/// Orleans': its Redis clustering keeps the silos in <c>{ServiceId}/members/{ClusterId}</c>, beside these keys.)</para>
/// <list type="table">
/// <item><term><c>os:{os:cluster}:queues</c></term><description>set of every queue a task was submitted to. Task ids are not part of a queue-free key, so a lookup by id alone checks each known queue in one pipelined round trip.</description></item>
/// <item><term><c>os:{os:cluster}:schedule:&lt;name&gt;</c></term><description>hash: one cron schedule (<see cref="RedisScheduleStore"/>): <c>cr</c> cron expression · <c>tz</c> time zone id · <c>en</c> enabled (1/0) · <c>ov</c> overlap (A allow, S skip) · <c>cu</c> catch-up (N none, O once) · task template <c>t</c> type, <c>q</c> queue, <c>p</c> payload, <c>pr</c> priority, <c>m</c> max attempts, <c>to</c> timeout ms, <c>bo</c> backoff ms · <c>nf</c> next tick (unix ms; absent while disabled or when no tick is left) · <c>lf</c> last fired at · <c>lt</c> last task id · <c>c</c> created · <c>u</c> updated (definition changed).</description></item>
/// <item><term><c>os:{os:cluster}:schedules</c></term><description>zset of every schedule name; score = its next tick (unix ms), <c>+inf</c> when it has none, so the due ones are a ZRANGEBYSCORE away.</description></item>
/// </list>
/// <para><b>Task fields</b>, in their packed order (names short; they appear in scripts' replies as HGETALL of a hash of them would give; absent = null or 0):
/// <c>s</c> state letter (below) · <c>t</c> type · <c>p</c> payload (JSON) ·
/// <c>m</c> max attempts · <c>to</c> timeout ms · <c>bo</c> first retry backoff ms · <c>c</c> created at (unix ms) ·
/// <c>pr</c> priority (absent = 0) · <c>ra</c> run at (unix ms; set when Scheduled) ·
/// <c>ik</c> idempotency key it was submitted with (absent = none) · <c>a</c> attempts started · <c>k</c> fencing token ·
/// <c>si</c> silo of the current or last attempt · <c>sa</c> started at · <c>fa</c> finished at ·
/// <c>r</c> result (JSON) · <c>e</c> last error · <c>pg</c> progress percent · <c>pm</c> progress message ·
/// <c>fo</c> failovers: how many times a silo running it died and it was requeued (absent = 0) ·
/// <c>ao</c> the last ended attempt not yet in <c>attempts:&lt;id&gt;</c>: outcome letter (s succeeded · f failed · t timedOut ·
/// c canceled · o failedOver · r released · w waiting) then its number, e.g. <c>s1</c> · <c>ae</c> when that attempt ended (unix ms) ·
/// then, appended with families (a task packed before them has none, and reads as a task without family or workflow):
/// <c>pi</c> parent id · <c>pq</c> parent's queue · <c>ci</c> position among the parent's children · <c>d</c> depth (absent = 0) ·
/// <c>cc</c> child count · <c>cf</c> children counted · <c>cx</c> of them not Succeeded · <c>po</c> failure policy (F fail fast;
/// absent = collect) · <c>j</c> 1 when its next or current run is its join step · <c>js</c> join state (JSON) ·
/// <c>n</c> workflow node, JSON <c>{"w": workflow id, "k": key, "d": {key: task id}}</c> · <c>cn</c> 1 once its first terminal
/// state was counted for its parent and told to its workflow (a retried task is not counted again).</para>
/// <para><b>State letters</b>: S Scheduled · P Pending · R Running · D Succeeded (done) · F Failed · C Canceled ·
/// H Paused (held) · W Waiting.</para>
/// <para><b>Scripts</b> (<c>Scripts/*.lua</c>, one per transition; each file's header says its KEYS and ARGV).
/// A script that needs "now" (unix ms) takes it from the caller's clock, never from Redis TIME, and no
/// decision rests on a Redis TTL (only dedup keys carry one, for cleanup): time is the silos'
/// <see cref="TimeProvider"/>, one clock for the whole scheduler. The by-id transitions (cancel, pause, resume,
/// retry, delete, unblock) share one reply shape: <c>{0, fields}</c> done, fields the task's fields after (delete: as they were), cancel, delete and unblock adding the length of <c>notices</c> (0 when they added none);
/// <c>{1, fields}</c> refused, fields.s the actual state; <c>{3}</c> no such task. Every transition writes its events
/// (<c>events</c>), the attempt it ended (<c>ao</c>, <c>ae</c>) and the state indexes (<c>held</c>, <c>done</c>,
/// <c>failed</c>, <c>canceled</c>, <c>tput</c>) in the same script, through helpers in <c>_history.lua</c> that
/// <see cref="RedisScript"/> pastes in place of a script's <c>--#include _history</c> line (EVALSHA scripts cannot call
/// each other). <see cref="Storage.HistoryLimits"/> values come as ARGV. The family helpers (<c>_family.lua</c>: counting a child on its parent, unblocking, failing fast, the outbox) are pasted the same way into every script that ends a task. claim.lua and promote.lua share the
/// promotion of due Scheduled tasks the same way, through <c>_promote.lua</c>; the ready lists' helpers are in <c>_ready.lua</c>, the chunks' in <c>_tasks.lua</c> (pasted first, as the others use it), and events.lua and task_events.lua walk the stream through <c>_event_reader.lua</c>.</para>
/// <list type="table">
/// <item><term><c>submit.lua</c></term><description>(KEYS: every queue the batch stores in, then, when the client chose ids, every other known queue; also a family, parent first with its <c>kids</c> runs, and, one queue per call, the children a spawn stores, keeping those that exist) <c>{0, idle, pos, existingId, …}</c> stored, except the submissions at the listed 1-based positions, whose idempotency key is remembered with the same fingerprint (or, for a spawn, whose id exists): their id is the existing task's; a family whose parent's key is remembered stores nothing; idle holds a '1' or '0' per queue the batch stores in: '1' when that queue's workers may be asleep (a Pending task where none was Pending, or a Scheduled one due before all it held); <c>{1, id, k}</c> the id exists in the queue KEYS[k], nothing stored; <c>{2, key, existingId, j}</c> the key is remembered in KEYS[j] with another fingerprint, nothing stored.</description></item>
/// <item><term><c>claim.lua</c></term><description><c>{'gone'}</c> when the silo is in <c>gone</c>, nothing changed; else promotes due Scheduled tasks (bounded), claims up to max, no more than <c>limits.c</c> minus the size of <c>running</c> and the bucket's whole tokens (one spent per task); returns <c>{nextDueMs or '', then id, type, payload, attempt, maxAttempts, token, timeoutMs, family per task}</c>, family '' or the JSON array <c>[depth, isJoin, joinState or "", childCount, node or ""]</c>, nextDueMs the earliest scheduled score or, when the bucket held ready tasks back and it is sooner, when its next whole token is due.</description></item>
/// <item><term><c>complete.lua</c>, <c>fail.lua</c></term><description>one code per item: 0 accepted, 1 stale token, 2 not Running, 3 no such task; then the length of <c>notices</c> when the call added to it, else 0 (so for this and every script below that ends a task, through <c>_family.lua</c>: a task's first terminal state counts for its parent, in the same script when the parent shares its queue, else by a notice; and is told to its workflow by a notice).</description></item>
/// <item><term><c>wait.lua</c></term><description>as complete.lua, per parent that waits for its children: Running → Waiting (<c>j</c>, <c>js</c>, in <c>waiting</c>), attempt recorded as waiting and not counted, token + 1; unblocked at once when <c>cf</c> ≥ <c>cc</c>.</description></item>
/// <item><term><c>spawn.lua</c></term><description>0 accepted, 1 stale token, 2 not Running, 3 no such task, for the parent of children the store just stored: <c>cc</c> raised, <c>po</c> set, the new children's runs written to <c>kids:&lt;id&gt;</c>.</description></item>
/// <item><term><c>count_child.lua</c></term><description>the length of <c>notices</c> when it added to it, else 0: a <c>c</c> notice delivered to the parent's queue; idempotent through <c>counted:&lt;id&gt;</c>.</description></item>
/// <item><term><c>children.lua</c>, <c>get_many.lua</c></term><description><c>{}</c> or <c>{parent packed, run, …}</c> (the members of <c>kids:&lt;id&gt;</c>); the tasks of some ids of one queue, packed, false where missing. Read only.</description></item>
/// <item><term><c>unblock.lua</c></term><description>the by-id shape: a Waiting workflow node (<c>n</c> set, no <c>j</c>) → Scheduled while <c>ra</c> &gt; now, else Pending.</description></item>
/// <item><term><c>progress.lua</c></term><description>the same four codes, for one report.</description></item>
/// <item><term><c>expire.lua</c></term><description><c>{timedOut, notices}</c>: the number of attempts timed out (at most one per jitter passed; the caller repeats while it is full).</description></item>
/// <item><term><c>cancel.lua</c></term><description>Pending, Scheduled, Paused, Waiting or Running → Canceled, <c>e</c> the reason when one is given; <c>{0, task, notices}</c>. A Running task gets token + 1, leaves <c>running</c> and <c>running:&lt;silo&gt;</c>, and its attempt is recorded as canceled; the caller tells that silo's worker grain, so the handler's token fires. A parent leaves an <c>x</c> notice: its unfinished children are canceled, queue by queue, before the call returns.</description></item>
/// <item><term><c>pause.lua</c></term><description>Pending or Scheduled → Paused (out of its <c>ready:&lt;priority&gt;</c> list or <c>scheduled</c>, into <c>held</c>; <c>ra</c> kept).</description></item>
/// <item><term><c>resume.lua</c></term><description>Paused → Scheduled when <c>ra</c> &gt; now, else Pending at the back of its priority.</description></item>
/// <item><term><c>retry.lua</c></term><description>Failed or Canceled → Pending at the back of its priority (a workflow node with dependencies: Waiting); <c>a</c>, <c>fo</c>, <c>fa</c>, <c>r</c>, <c>pg</c>, <c>pm</c> cleared, <c>e</c>, <c>k</c>, the family's fields and the attempts kept (the last one moves from <c>ao</c>/<c>ae</c> to <c>attempts:&lt;id&gt;</c>).</description></item>
/// <item><term><c>delete.lua</c></term><description>anything but Running or Waiting: <c>{0, task, notices}</c>; removes the task from its chunk, its <c>attempts:&lt;id&gt;</c>, <c>logs:&lt;id&gt;</c>, <c>kids:&lt;id&gt;</c> and <c>counted:&lt;id&gt;</c>, its entry in its state's index, and its dedup key while that still names it; one that had not finished counts as Canceled for its parent unless told not to (its parent goes too). The store deletes a parent's children first, queue by queue.</description></item>
/// <item><term><c>stale.lua</c></term><description>of the (id, token) pairs given, the 1-based positions of those whose task is gone, whose <c>s</c> ≠ R, or whose <c>k</c> ≠ the token. Reads only.</description></item>
/// <item><term><c>release.lua</c></term><description>the same four codes, per hand-back (a draining silo): accepted = Pending again, attempt − 1, token + 1.</description></item>
/// <item><term><c>requeue_silo.lua</c></term><description><c>{requeued, poisoned, notices}</c>: failover of a dead silo's <c>running:&lt;silo&gt;</c>; each task still Running there gets token + 1 and <c>fo</c> + 1, then is Failed as poison when <c>fo</c> exceeds the limit, else Pending (attempt − 1). Deletes the set, so a repeat returns <c>{0, 0}</c>; adds the silo to <c>gone</c> either way.</description></item>
/// <item><term><c>running_owners.lua</c></term><description><c>{silo, count, lastStartedMs, …}</c>: the silos (<c>si</c>) of the Running tasks in <c>running</c>, how many each and the newest <c>sa</c>. Reads only.</description></item>
/// <item><term><c>promote.lua</c></term><description>how many due Scheduled tasks became Pending (at most the bound per call).</description></item>
/// <item><term><c>set_limits.lua</c></term><description><c>0</c>. Replaces <c>limits</c> (deleted when empty); an existing <c>bucket</c> is refilled at the old rate up to now, then clamped to the new capacity max(1, rate).</description></item>
/// <item><term><c>stats.lua</c></term><description><c>{paused, pending, scheduled, running, paused tasks, succeeded, failed, canceled, succeeded last minute, failed last minute, oldestDueMs or '', c, r, ret, waiting}</c>: cardinalities of the indexes, the <c>tput</c> slots of the last 60 seconds, the earliest <c>ra</c> (else <c>c</c>) of the head of each priority's ready list, the limits ('' = unset). Reads only, after moving the Pending ids of an old ready sorted set (as claims do) so they count.</description></item>
/// <item><term><c>sweep.lua</c></term><description><c>{removed, parentId, …}</c>: how many finished tasks it removed (at most max, oldest finish first, finish + retention ≤ now), each out of its chunk, with <c>attempts:&lt;id&gt;</c>, <c>logs:&lt;id&gt;</c>, index entries and dedup key while it names it; then the due parents, which the store removes with their children (children first, with delete.lua, no events). A child is skipped (scored +inf). No events.</description></item>
/// <item><term><c>append_logs.lua</c></term><description>how many lines it stored: those of tasks that exist, pushed on <c>logs:&lt;id&gt;</c> then trimmed to the newest MaxLogLines. No token check.</description></item>
/// <item><term><c>events.lua</c>, <c>task_events.lua</c></term><description><c>{cutoff, entryId, b, …}</c>: the entries from the one holding the first event after a position until they hold enough events; or the entries whose events name one task (walks the stream). cutoff is the number of the newest event no longer kept; the reader (<see cref="RedisHistoryCodec.Events"/>) unpacks the entries and leaves out events at or below it, at or before the position, or of other tasks. Read only; nothing here blocks.</description></item>
/// <item><term><c>list.lua</c></term><description><c>{status, lastId, seen, id, fields, …}</c>, walking the chunks in bound order; status 0 queue exhausted, 1 page full (lastId = last returned), 2 scan bound reached (lastId = last looked at).</description></item>
/// <item><term><c>get.lua</c></term><description><c>{}</c> no such task; <c>{fields}</c>, or <c>{fields, list}</c> with the task's whole <c>attempts:&lt;id&gt;</c> or <c>logs:&lt;id&gt;</c> list, read in one step.</description></item>
/// </list>
/// <para><b>Schedule scripts</b> (<see cref="RedisScheduleStore"/>; KEYS[1] = <c>os:{os:cluster}</c>):</para>
/// <list type="table">
/// <item><term><c>schedule_create.lua</c></term><description><c>1</c> stored; <c>0</c> the name is taken, nothing changed.</description></item>
/// <item><term><c>schedule_upsert.lua</c></term><description><c>{created, fields}</c>: 1 created, 0 replaced (<c>c</c>, <c>lf</c>, <c>lt</c> kept, the definition, <c>u</c> and <c>nf</c> replaced); fields the hash after.</description></item>
/// <item><term><c>schedule_advance.lua</c></term><description>the tick compare-and-set: <c>1</c> advanced (<c>nf</c> and its score moved; <c>lf</c>, <c>lt</c> set when a task is given); <c>0</c> the stored <c>nf</c> is not the expected tick (another firer won, or the schedule was replaced, disabled or deleted), nothing changed.</description></item>
/// <item><term><c>schedule_delete.lua</c></term><description><c>1</c> removed; <c>0</c> no such schedule.</description></item>
/// <item><term><c>schedule_list.lua</c></term><description><c>{name, fields, …}</c> by next tick up to a bound (<c>+inf</c> = all), at most a count.</description></item>
/// </list>
/// <para>A batch submission is one submit.lua call, whatever it spans: it checks every idempotency key and,
/// when the client chose ids, every known queue for them, before it writes anything. A batch that spans
/// queues, or names its own ids, so touches several queues' keys, which needs them on one node; on a
/// sharded Cluster, submit such batches per queue and let the store choose the ids. A family (<see cref="Storage.ITaskFamilies.SubmitFamilyAsync"/>) is one such call, so one whose children are in other queues than their parent needs those queues on one node too; children spawned by a running parent are stored one call per queue and need nothing of the kind, and no other script touches a second queue (what concerns one goes through <c>notices</c>).</para>
/// </remarks>
internal sealed class RedisKeys(string prefix)
{
    /// <summary>The key prefix, e.g. <c>os</c>.</summary>
    public string Prefix { get; } = prefix;

    /// <summary>The prefix of the cluster-wide keys, passed to the schedule scripts as KEYS[1]: <c>os:{os:cluster}</c>.</summary>
    public RedisKey Cluster { get; } = $"{prefix}:{{os:cluster}}";

    /// <summary>The set of queue names: <c>os:{os:cluster}:queues</c>.</summary>
    public RedisKey Queues { get; } = $"{prefix}:{{os:cluster}}:queues";

    /// <summary>A cron schedule's hash: <c>os:{os:cluster}:schedule:&lt;name&gt;</c>.</summary>
    public RedisKey Schedule(string name) => $"{Prefix}:{{os:cluster}}:schedule:{name}";

    /// <summary>The zset of schedule names by next tick: <c>os:{os:cluster}:schedules</c>.</summary>
    public RedisKey Schedules { get; } = $"{prefix}:{{os:cluster}}:schedules";

    /// <summary>The prefix of a queue's keys, passed to scripts as KEYS[1]: <c>os:{q:&lt;queue&gt;}</c>.</summary>
    public RedisKey Queue(string queue) => $"{Prefix}:{{q:{queue}}}";

    /// <summary>A queue's limits hash: <c>os:{q:&lt;queue&gt;}:limits</c>.</summary>
    public RedisKey Limits(string queue) => $"{Prefix}:{{q:{queue}}}:limits";

    /// <summary>A queue's outbox of notices for other queues and the listeners: <c>os:{q:&lt;queue&gt;}:notices</c>.</summary>
    public RedisKey Notices(string queue) => $"{Prefix}:{{q:{queue}}}:notices";

    /// <summary>A queue's pause flag: <c>os:{q:&lt;queue&gt;}:paused</c>; while it exists claims hand out nothing.</summary>
    public RedisKey Paused(string queue) => $"{Prefix}:{{q:{queue}}}:paused";
}
