-- pause.lua: holds a Pending or Scheduled task back (Paused) until it is resumed.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  id   ARGV[2] now (unix ms)   ARGV[3] HistoryLimits.EventStreamLength (0: no events)
-- Returns  {0, task}: paused (in held, a 'paused' event); task is the task after,
--          packed as in its chunk. ra is kept, so a Scheduled task resumes at its time
--          {1, task}: refused, the task is not Pending or Scheduled (its state says what it is)
--          {3}: no such task
--#include _chunks
--#include _tasks
--#include _history
--#include _ready
local q, id = KEYS[1], ARGV[1]
local t, key = loadTask(q, id)
if not t then return {3} end
local s = t[STATE]
if s == 'P' then removeReady(q, t[PRIORITY], id, t)
elseif s == 'S' then redis.call('ZREM', q .. ':scheduled', id)
else return {1, packTask(t)} end
t[STATE] = 'H'
local packed = saveTask(key, id, t)
redis.call('SADD', q .. ':held', id)
event(q, tonumber(ARGV[3]), id, 'paused', s, 'H', nil, t[ATTEMPT] or 0, ARGV[2])
flushEvents(q, tonumber(ARGV[3]))
return {0, packed}
