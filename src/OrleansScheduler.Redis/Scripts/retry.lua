-- retry.lua: runs a Failed or Canceled task again now.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  id   ARGV[2] now (unix ms)
-- ARGV[3]  HistoryLimits.EventStreamLength (0: no events)   ARGV[4] HistoryLimits.MaxAttemptHistory
-- Returns  {0, task}: Pending again at the back of its priority (out of failed or canceled, a
--          'retried' event); task is the task after, packed as in its chunk. a and fo are reset, fa, r,
--          pg and pm cleared; e (the last error), k (the token, which only ever grows),
--          the attempts and the family's fields (j, cc, cf, cx, cn: a parent reruns the step it failed
--          in, a child is not counted again) are kept, except that a workflow node's cn is cleared (its
--          workflow hears of its next end too) (the last attempt moves from ao, ae to
--          attempts:<id>). A workflow node with dependencies goes back to Waiting instead (into
--          waiting), for its workflow to release it
--          {1, task}: refused, the task is not Failed or Canceled (its state says what it is)
--          {3}: no such task
--#include _chunks
--#include _tasks
--#include _history
--#include _ready
local q, id = KEYS[1], ARGV[1]
local t, key = loadTask(q, id)
if not t then return {3} end
local s = t[STATE]
if s ~= 'F' and s ~= 'C' then return {1, packTask(t)} end
archiveAttempt(q, tonumber(ARGV[4]), t, id)
t[ATTEMPT], t[FAILOVERS], t[FINISHED], t[RESULT], t[PROGRESS], t[PROGRESS_MESSAGE] = false, false, false, false, false, false
-- a node's dependencies are its workflow's to judge again (n: {"w": workflow, "k": key, "d": {key: task id}})
local waits = t[NODE] and next(cjson.decode(t[NODE]).d or {}) ~= nil
t[STATE] = waits and 'W' or 'P'
if t[NODE] then t[COUNTED] = false end
local ready = readyBatch(q, ARGV[2])
if not waits then addReady(ready, t[PRIORITY], id, t) end
local packed = saveTask(key, id, t)
redis.call('ZREM', q .. (s == 'F' and ':failed' or ':canceled'), id)
if waits then
  redis.call('SADD', q .. ':waiting', id)
else
  pushReady(q, ready)
end
event(q, tonumber(ARGV[3]), id, 'retried', s, t[STATE], nil, 0, ARGV[2])
flushEvents(q, tonumber(ARGV[3]))
return {0, packed}
