-- cancel.lua: cancels a Pending, Scheduled, Paused or Running task.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  id   ARGV[2] now (unix ms)
-- ARGV[3]  the cancel channel prefix, e.g. os:{os:cluster}:cancel: (the silo id is appended)
-- ARGV[4]  HistoryLimits.EventStreamLength (0: no events)
-- Returns  {0, fields}: canceled; fields is the task hash after (HGETALL). It goes in canceled by
--          finish time, with a 'canceled' event. A Running task gets token + 1 (its handler's
--          outcome loses), leaves running and running:<silo>, its attempt is recorded (ao, ae) as
--          canceled, and its id is published on ARGV[3]..<silo> so that silo's handler is canceled too
--          {1, fields}: refused, the task is in another state, e.g. finished (fields.s says which)
--          {3}: no such task
--#include _tasks
--#include _history
--#include _ready
local q, id, now = KEYS[1], ARGV[1], ARGV[2]
local t, key = loadTask(q, id)
if not t then return {3} end
local s, silo = t[F.s], t[F.si]
if s == 'P' then removeReady(q, t[F.pr], id)
elseif s == 'S' then redis.call('ZREM', q .. ':scheduled', id)
elseif s == 'H' then redis.call('SREM', q .. ':held', id)
elseif s == 'R' then
  redis.call('ZREM', q .. ':running', id)
  redis.call('SREM', q .. ':running:' .. silo, id)
  -- the attempt it ends is recorded with the state, as every transition that ends one does
  t[F.k], t[F.ao], t[F.ae] = tonumber(t[F.k]) + 1, 'c' .. t[F.a], now
else return {1, taskFields(t)} end
t[F.s], t[F.fa] = 'C', now
saveTask(key, id, t)
redis.call('ZADD', q .. ':canceled', now, id)
event(q, tonumber(ARGV[4]), id, 'canceled', s, 'C', s == 'R' and silo or nil, t[F.a] or 0, now)
flushEvents(q, tonumber(ARGV[4]))
-- published with the state change, so a silo never hears of a cancel that did not happen
if s == 'R' then redis.call('PUBLISH', ARGV[3] .. silo, id) end
return {0, taskFields(t)}
