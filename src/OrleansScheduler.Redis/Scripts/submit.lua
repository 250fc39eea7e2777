-- submit.lua: stores a batch of new tasks, in one queue or several, all or nothing (see RedisKeys for the layout).
-- KEYS[1], ..., KEYS[n]  the prefixes of the queues the batch stores tasks in, e.g. os:{q:default}; every
--           key is built from them. KEYS[n+1], ...: the other known queues' prefixes, only to check
--           client-chosen ids against. Several queues need them on one Redis node (on a sharded
--           Cluster, submit per queue).
-- ARGV[1]   now (unix ms)
-- ARGV[2]   1: some ids were chosen by the client, check that no queue in KEYS holds them;
--           0: all made by the store (ULIDs, which cannot collide)
-- ARGV[3]   HistoryLimits.EventStreamLength (0: no events)
-- ARGV[4]   n, how many of KEYS the batch stores tasks in
-- ARGV[5..] per queue of KEYS[1..n] in order: its task count, then 11 per task: id, type, payload,
--           priority, maxAttempts, timeoutMs, backoffMs, runAtMs ('' = ready now), idempotency key
--           ('' = none), fingerprint (SHA-256 hex of type '\n' payload, made by the caller),
--           idempotency window ms (the key is remembered until now + window; its Redis TTL, 2 x window,
--           only cleans up)
-- Returns   {0, idle, pos, existingId, ...}: stored, except the tasks at the 1-based positions listed
--           (counted over the whole batch in argument order), whose key is remembered with the same
--           fingerprint: they are answered by the existing task (and their id is not checked). idle has
--           one character per queue of KEYS[1..n]: '1' when that queue's workers may be asleep (it stored
--           a Pending task where none was Pending, or a Scheduled one due before every scheduled task it
--           held), else '0'. Each queue that stored anything gets a 'submitted' event per task
--           {1, id, k}: a task with that id exists in the queue KEYS[k]; nothing stored
--           {2, key, existingId, j}: the key is remembered in KEYS[j] with another fingerprint; nothing stored
--#include _chunks
--#include _tasks
--#include _history
--#include _ready
local now, checkIds, events, n = tonumber(ARGV[1]), ARGV[2] == '1', tonumber(ARGV[3]), tonumber(ARGV[4])

-- where each queue's tasks start in ARGV
local starts, o = {}, 5
for j = 1, n do
  starts[j] = o + 1
  o = o + 1 + tonumber(ARGV[o]) * 11
end
local function count(j) return tonumber(ARGV[starts[j] - 1]) end

local function taken(id)
  for k = 1, #KEYS do
    local q = KEYS[k]
    if loadTask(q, id) then return k end
  end
end

-- every check before any write, so a refusal leaves nothing behind
local out, dup, pos = {0, string.rep('0', n)}, {}, 0
for j = 1, n do
  local q, seen = KEYS[j], {}
  for i = 0, count(j) - 1 do
    pos = pos + 1
    local a = starts[j] + i * 11
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
        dup[pos] = true; out[#out + 1] = pos; out[#out + 1] = known[1]
      else
        seen[ik] = {id, fp}
      end
    end
    -- a repeat answered by its key is not refused for naming its own id again
    if not dup[pos] and checkIds then
      local k = taken(id)
      if k then return {1, id, k} end
    end
  end
end
if #out - 2 == pos * 2 then return out end -- every task was already there

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
  local ready, scheduled, ids, tasks = readyBatch(), {}, {}, {}
  for i = 0, count(j) - 1 do
    pos = pos + 1
    local a = starts[j] + i * 11
    local id, pr, runAt, ik = ARGV[a], ARGV[a + 3], ARGV[a + 7], ARGV[a + 8]
    if not dup[pos] then
      local t = {'P', ARGV[a + 1], ARGV[a + 2], tonumber(ARGV[a + 4]), tonumber(ARGV[a + 5]), tonumber(ARGV[a + 6]), now}
      if pr ~= '0' then t[PRIORITY] = pr end
      if runAt == '' then
        addReady(ready, pr, id)
      else
        t[STATE], t[RUN_AT] = 'S', tonumber(runAt)
        scheduled[#scheduled + 1] = runAt; scheduled[#scheduled + 1] = id
      end
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
    bulk('ZADD', q .. ':scheduled', scheduled)
    flushEvents(q, events)
  end
end
out[2] = table.concat(idle)
return out
