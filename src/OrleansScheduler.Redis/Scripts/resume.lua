-- resume.lua: lets a Paused task go: Scheduled if its run-at is still ahead, Pending otherwise.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  id   ARGV[2] now (unix ms)   ARGV[3] HistoryLimits.EventStreamLength (0: no events)
-- Returns  {0, task}: resumed (out of held, a 'resumed' event); task is the task after,
--          packed as in its chunk. A Pending task goes to the back of its priority's ready list (behind the
--          tasks of its priority already waiting)
--          {1, task}: refused, the task is not Paused (its state says what it is)
--          {3}: no such task
--#include _chunks
--#include _tasks
--#include _history
--#include _ready
local q, id = KEYS[1], ARGV[1]
local t, key = loadTask(q, id)
if not t then return {3} end
if t[STATE] ~= 'H' then return {1, packTask(t)} end
local to = 'P'
if t[RUN_AT] and tonumber(t[RUN_AT]) > tonumber(ARGV[2]) then
  to = 'S'
  redis.call('ZADD', q .. ':scheduled', t[RUN_AT], id)
else
  local ready = readyBatch(q, ARGV[2])
  addReady(ready, t[PRIORITY], id, t)
  pushReady(q, ready)
end
t[STATE] = to
local packed = saveTask(key, id, t)
redis.call('SREM', q .. ':held', id)
event(q, tonumber(ARGV[3]), id, 'resumed', 'H', to, nil, t[ATTEMPT] or 0, ARGV[2])
flushEvents(q, tonumber(ARGV[3]))
return {0, packed}
