-- delete.lua: removes a task that is finished or has not started, with every index entry.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  id   ARGV[2] now (unix ms)   ARGV[3] HistoryLimits.EventStreamLength (0: no events)
-- Returns  {0, task}: deleted, with a 'deleted' event; task is the task as it was,
--          packed. It leaves its chunk, and its entries in ready, scheduled, held, done, failed and canceled go,
--          with attempts:<id> and logs:<id>, and its dedup key when it still names this task
--          {1, task}: refused, the task is Running (or Waiting); its state says which
--          {3}: no such task
--#include _chunks
--#include _tasks
--#include _history
--#include _ready
local q, id = KEYS[1], ARGV[1]
local t = loadTask(q, id)
if not t then return {3} end
local s, ik = t[STATE], t[IDEMPOTENCY_KEY]
if s == 'R' or s == 'W' then return {1, packTask(t)} end
-- only the index of its state holds it
if s == 'P' then removeReady(q, t[PRIORITY], id)
elseif s == 'S' then redis.call('ZREM', q .. ':scheduled', id)
elseif s == 'H' then redis.call('SREM', q .. ':held', id)
elseif s == 'D' then redis.call('ZREM', q .. ':done', id)
elseif s == 'F' then redis.call('ZREM', q .. ':failed', id)
elseif s == 'C' then redis.call('ZREM', q .. ':canceled', id) end
-- the key may have expired and been taken by a newer task since
if ik and redis.call('HGET', q .. ':dedup:' .. ik, 'id') == id then redis.call('DEL', q .. ':dedup:' .. ik) end
removeTasks(q, {id})
redis.call('DEL', q .. ':attempts:' .. id, q .. ':logs:' .. id)
event(q, tonumber(ARGV[3]), id, 'deleted', s, nil, nil, t[ATTEMPT] or 0, ARGV[2])
flushEvents(q, tonumber(ARGV[3]))
return {0, packTask(t)}
