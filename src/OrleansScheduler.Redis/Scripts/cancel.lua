-- cancel.lua: cancels a Pending, Scheduled, Paused or Running task.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  id   ARGV[2] now (unix ms)
-- ARGV[3]  HistoryLimits.EventStreamLength (0: no events)
-- Returns  {0, task}: canceled; task is the task after, packed as in its chunk. It goes in canceled by
--          finish time, with a 'canceled' event. A Running task gets token + 1 (its handler's
--          outcome loses), leaves running and running:<silo>, and its attempt is recorded (ao, ae) as
--          canceled; the caller tells that silo (si), so its handler's token fires
--          {1, task}: refused, the task is in another state, e.g. finished (its state says which)
--          {3}: no such task
--#include _chunks
--#include _tasks
--#include _history
--#include _ready
local q, id, now = KEYS[1], ARGV[1], ARGV[2]
local t, key = loadTask(q, id)
if not t then return {3} end
local s, silo = t[STATE], t[SILO]
if s == 'P' then removeReady(q, t[PRIORITY], id)
elseif s == 'S' then redis.call('ZREM', q .. ':scheduled', id)
elseif s == 'H' then redis.call('SREM', q .. ':held', id)
elseif s == 'R' then
  redis.call('ZREM', q .. ':running', id)
  redis.call('SREM', q .. ':running:' .. silo, id)
  -- the attempt it ends is recorded with the state, as every transition that ends one does
  t[TOKEN], t[ENDED_ATTEMPT], t[ENDED_AT] = tonumber(t[TOKEN]) + 1, 'c' .. t[ATTEMPT], now
else return {1, packTask(t)} end
t[STATE], t[FINISHED] = 'C', now
local packed = saveTask(key, id, t)
redis.call('ZADD', q .. ':canceled', now, id)
event(q, tonumber(ARGV[3]), id, 'canceled', s, 'C', s == 'R' and silo or nil, t[ATTEMPT] or 0, now)
flushEvents(q, tonumber(ARGV[3]))
return {0, packed}
