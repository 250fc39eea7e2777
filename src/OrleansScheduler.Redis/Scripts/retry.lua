-- retry.lua: runs a Failed or Canceled task again now.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  id   ARGV[2] now (unix ms)
-- ARGV[3]  HistoryLimits.EventStreamLength (0: no events)   ARGV[4] HistoryLimits.MaxAttemptHistory
-- Returns  {0, fields}: Pending again at the back of its priority (out of failed or canceled, a
--          'retried' event); fields is the task hash after (HGETALL). a and fo are reset, fa, r,
--          pg and pm cleared; e (the last error), k (the token, which only ever grows) and
--          the attempts are kept (the last moves from ao, ae to attempts:<id>). Publishes a wake-up
--          {1, fields}: refused, the task is not Failed or Canceled (fields.s says what it is)
--          {3}: no such task
--#include _tasks
--#include _history
--#include _ready
local q, id = KEYS[1], ARGV[1]
local t, key = loadTask(q, id)
if not t then return {3} end
local s = t[F.s]
if s ~= 'F' and s ~= 'C' then return {1, taskFields(t)} end
archiveAttempt(q, tonumber(ARGV[4]), t, id)
t[F.a], t[F.fo], t[F.fa], t[F.r], t[F.pg], t[F.pm] = false, false, false, false, false, false
t[F.s] = 'P'
saveTask(key, id, t)
redis.call('ZREM', q .. (s == 'F' and ':failed' or ':canceled'), id)
local ready = readyBatch()
addReady(ready, t[F.pr], id)
pushReady(q, ready)
event(q, tonumber(ARGV[3]), id, 'retried', s, 'P', nil, 0, ARGV[2])
flushEvents(q, tonumber(ARGV[3]))
redis.call('PUBLISH', q .. ':wake', '')
return {0, taskFields(t)}
