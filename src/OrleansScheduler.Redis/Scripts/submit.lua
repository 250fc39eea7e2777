-- submit.lua: stores a batch of new tasks, in one queue or several, all or nothing (see RedisKeys for the layout);
-- also a parent with its children (a family) and the children a running parent spawns.
-- KEYS[1], ..., KEYS[n]  the prefixes of the queues the batch stores tasks in, e.g. os:{q:default}; every
--           key is built from them. KEYS[n+1], ...: the other known queues' prefixes, only to check
--           client-chosen ids against. Several queues need them on one Redis node: on a Redis
--           Cluster the store calls it once per queue, with that queue's key alone.
-- ARGV[1]   now (unix ms)
-- ARGV[2]   1: some ids were chosen by the client, check that no queue in KEYS holds them;
--           0: all made by the store (ULIDs, which cannot collide);
--           2: children a parent spawns: one that exists already is kept as it is (not refused)
-- ARGV[3]   HistoryLimits.EventStreamLength (0: no events)
-- ARGV[4]   n, how many of KEYS the batch stores tasks in
-- ARGV[5]   1: a family: the first task (of KEYS[1]) is the parent, and when its idempotency key is
--           remembered nothing at all is stored; 0: tasks on their own
-- ARGV[6]   r, how many runs of the parent's children follow (a family only, else 0): 2 per run, its
--           first position and its queue, written to KEYS[1]'s kids:<parent id>
-- ARGV[7+2r..] per queue of KEYS[1..n] in order: its task count, then 24 per task: id, type, payload,
--           priority, maxAttempts, timeoutMs, backoffMs, runAtMs ('' = ready now), idempotency key
--           ('' = none), fingerprint (SHA-256 hex of type '\n' payload, made by the caller),
--           idempotency window ms (the key is remembered until now + window; its Redis TTL, 2 x window,
--           only cleans up), then: wait ('' ready or scheduled; 'W' Waiting for its workflow; 'J' Waiting
--           for its children, its next run its join step), parent id ('' = none), parent queue, child
--           index, depth, child count, failure policy ('F' fail fast, '' collect), node (JSON, '' = none),
--           routing (JSON, '' = none), its lane when not routed to a silo ('f' fit, 'k' key, '' shared),
--           routed to (a silo, '-' waiting for one, '' = not routed), target (RedisTargetCodec, '' = a handler runs it),
--           trace context (RedisTraceCodec, '' = none)
-- Returns   {0, idle, pos, existingId, ...}: stored, except the tasks at the 1-based positions listed
--           (counted over the whole batch in argument order), whose key is remembered with the same
--           fingerprint, or (ARGV[2] = 2) whose id exists: they are answered by the existing task (and
--           their id is not checked). idle has
--           one character per queue of KEYS[1..n]: '1' when that queue's workers may be asleep (it stored
--           a Pending task where none was Pending, a routed one into an empty lane, or a Scheduled one due
--           before every scheduled task it held), else '0'. Each queue that stored anything gets a
--           'submitted' event per task
--           {1, id, k}: a task with that id exists in the queue KEYS[k]; nothing stored
--           {2, key, existingId, j}: the key is remembered in KEYS[j] with another fingerprint; nothing stored
--#include _chunks
--#include _tasks
--#include _history
--#include _ready
local now, checkIds, keep, events, n = tonumber(ARGV[1]), ARGV[2] == '1', ARGV[2] == '2', tonumber(ARGV[3]), tonumber(ARGV[4])
local family, runs = ARGV[5] == '1', tonumber(ARGV[6])
local F = 24 -- arguments per task

-- where each queue's tasks start in ARGV
local starts, o = {}, 7 + 2 * runs
for j = 1, n do
  starts[j] = o + 1
  o = o + 1 + tonumber(ARGV[o]) * F
end
local function count(j) return tonumber(ARGV[starts[j] - 1]) end

local function taken(id)
  for k = 1, #KEYS do
    local q = KEYS[k]
    if loadTask(q, id) then return k end
  end
end

-- every check before any write, so a refusal leaves nothing behind
local out, dup, dups, pos = {0, string.rep('0', n)}, {}, 0, 0
for j = 1, n do
  local q, seen = KEYS[j], {}
  for i = 0, count(j) - 1 do
    pos = pos + 1
    local a = starts[j] + i * F
    local id, ik, fp = ARGV[a], ARGV[a + 8], ARGV[a + 9]
    if ik ~= '' then
      local known = seen[ik]
      if not known then
        local d = redis.call('HMGET', q .. ':dedup:' .. ik, 'id', 'fp', 'x')
        -- expiry is judged by the callers' clock; the Redis TTL below only cleans up
        if d[1] and tonumber(d[3]) >= now then known = {d[1], d[2]} end
      end
      if known and known[2] ~= fp then return {2, ik, known[1], j} end
      if known then
        dup[pos] = true; dups = dups + 1; out[#out + 1] = pos; out[#out + 1] = known[1]
        -- a family whose parent is remembered is answered by the family stored then
        if family and pos == 1 then return out end
      else
        seen[ik] = {id, fp}
      end
    end
    -- a repeat answered by its key is not refused for naming its own id again
    if not dup[pos] and checkIds then
      local k = taken(id)
      if k then return {1, id, k} end
    end
    -- a child a rerun attempt spawns again is the one the first run stored
    if not dup[pos] and keep and loadTask(q, id) then
      dup[pos] = true; dups = dups + 1; out[#out + 1] = pos; out[#out + 1] = id
    end
  end
end
if dups == pos then return out end -- every task was already there

-- whether adding these to q may find its workers asleep (read before the writes)
local function mayBeIdle(q, ready, scheduled)
  if #ready.order > 0 and redis.call('ZCARD', q .. ':prios') == 0 then return true end
  if #scheduled == 0 then return false end
  local first = redis.call('ZRANGE', q .. ':scheduled', 0, 0, 'WITHSCORES')
  if #first == 0 then return true end
  local held = tonumber(first[2])
  for i = 1, #scheduled, 2 do
    if tonumber(scheduled[i]) < held then return true end
  end
  return false
end

local idle = {}
pos = 0
for j = 1, n do
  local q = KEYS[j]
  local ready, scheduled, waiting, ids, tasks = readyBatch(q, now), {}, {}, {}, {}
  for i = 0, count(j) - 1 do
    pos = pos + 1
    local a = starts[j] + i * F
    local id, pr, runAt, ik, wait = ARGV[a], ARGV[a + 3], ARGV[a + 7], ARGV[a + 8], ARGV[a + 11]
    if not dup[pos] then
      local t = {'P', ARGV[a + 1], ARGV[a + 2], tonumber(ARGV[a + 4]), tonumber(ARGV[a + 5]), tonumber(ARGV[a + 6]), now}
      if pr ~= '0' then t[PRIORITY] = pr end
      if runAt ~= '' then t[RUN_AT] = tonumber(runAt) end
      if ARGV[a + 19] ~= '' then t[ROUTING] = ARGV[a + 19] end
      if ARGV[a + 20] ~= '' then t[LANE] = ARGV[a + 20] end
      if ARGV[a + 21] ~= '' then t[ROUTED_TO] = ARGV[a + 21] end
      if ARGV[a + 22] ~= '' then t[TARGET] = ARGV[a + 22] end
      if ARGV[a + 23] ~= '' then t[TRACE] = ARGV[a + 23] end
      if wait ~= '' then
        -- its run-at is kept for when it is unblocked
        t[STATE] = 'W'
        if wait == 'J' then t[IS_JOIN] = 1 end
        waiting[#waiting + 1] = id
      elseif runAt == '' then
        addReady(ready, pr, id, t)
      else
        t[STATE] = 'S'
        scheduled[#scheduled + 1] = runAt; scheduled[#scheduled + 1] = id
      end
      if ARGV[a + 12] ~= '' then
        t[PARENT_ID], t[PARENT_QUEUE], t[CHILD_INDEX] = ARGV[a + 12], ARGV[a + 13], tonumber(ARGV[a + 14])
      end
      if ARGV[a + 15] ~= '0' then t[DEPTH] = tonumber(ARGV[a + 15]) end
      if ARGV[a + 16] ~= '0' then t[CHILD_COUNT] = tonumber(ARGV[a + 16]) end
      if ARGV[a + 17] ~= '' then t[FAILURE_POLICY] = ARGV[a + 17] end
      if ARGV[a + 18] ~= '' then t[NODE] = ARGV[a + 18] end
      if ik ~= '' then
        t[IDEMPOTENCY_KEY] = ik
        local dk = q .. ':dedup:' .. ik
        local window = tonumber(ARGV[a + 10])
        redis.call('HSET', dk, 'id', id, 'fp', ARGV[a + 9], 'x', string.format('%.0f', now + window))
        redis.call('PEXPIRE', dk, string.format('%.0f', window * 2))
      end
      ids[#ids + 1] = id; tasks[#tasks + 1] = t
      event(q, events, id, 'submitted', nil, t[STATE], nil, 0, ARGV[1])
    end
  end
  idle[j] = '0'
  if #ids > 0 then
    if mayBeIdle(q, ready, scheduled) then idle[j] = '1' end
    insertTasks(q, ids, tasks)
    pushReady(q, ready)
    -- a routed task's lane was empty: the silos it may go to may be asleep
    if ready.fresh then idle[j] = '1' end
    bulk('ZADD', q .. ':scheduled', scheduled)
    bulk('SADD', q .. ':waiting', waiting)
    flushEvents(q, events)
  end
end
if family and runs > 0 then
  local kids = KEYS[1] .. ':kids:' .. ARGV[starts[1]]
  for r = 0, runs - 1 do
    local first = ARGV[7 + 2 * r]
    redis.call('ZADD', kids, first, first .. ':' .. ARGV[8 + 2 * r])
  end
end
out[2] = table.concat(idle)
return out
