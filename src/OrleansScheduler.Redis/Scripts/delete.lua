-- delete.lua: removes a task that is finished or has not started, with every index entry.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  id   ARGV[2] now (unix ms)   ARGV[3] HistoryLimits.EventStreamLength (0: no events)
-- Returns  {0, fields}: deleted, with a 'deleted' event; fields is the task hash as it was
--          (HGETALL). Its entries in ids, ready, scheduled, held, done, failed and canceled go,
--          with attempts:<id> and logs:<id>, and its dedup key when it still names this task
--          {1, fields}: refused, the task is Running (or Waiting); fields.s says which
--          {3}: no such task
--#include _history
--#include _ready
local q, id = KEYS[1], ARGV[1]
local key = q .. ':task:' .. id
local fields = redis.call('HGETALL', key)
if #fields == 0 then return {3} end
local f = redis.call('HMGET', key, 's', 'ik', 'a', 'pr')
if f[1] == 'R' or f[1] == 'W' then return {1, fields} end
redis.call('ZREM', q .. ':ids', id)
-- only the index of its state holds it
if f[1] == 'P' then removeReady(q, f[4], id)
elseif f[1] == 'S' then redis.call('ZREM', q .. ':scheduled', id)
elseif f[1] == 'H' then redis.call('SREM', q .. ':held', id)
elseif f[1] == 'D' then redis.call('ZREM', q .. ':done', id)
elseif f[1] == 'F' then redis.call('ZREM', q .. ':failed', id)
elseif f[1] == 'C' then redis.call('ZREM', q .. ':canceled', id) end
-- the key may have expired and been taken by a newer task since
if f[2] and redis.call('HGET', q .. ':dedup:' .. f[2], 'id') == id then redis.call('DEL', q .. ':dedup:' .. f[2]) end
redis.call('DEL', key, q .. ':attempts:' .. id, q .. ':logs:' .. id)
event(q, tonumber(ARGV[3]), id, 'deleted', f[1], nil, nil, f[3] or 0, ARGV[2])
flushEvents(q, tonumber(ARGV[3]))
return {0, fields}
