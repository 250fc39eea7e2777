-- pause.lua: holds a Pending or Scheduled task back (Paused) until it is resumed.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  id   ARGV[2] now (unix ms)   ARGV[3] HistoryLimits.EventStreamLength (0: no events)
-- Returns  {0, fields}: paused (in held, a 'paused' event); fields is the task hash after
--          (HGETALL). ra is kept, so a Scheduled task resumes at its time
--          {1, fields}: refused, the task is not Pending or Scheduled (fields.s says what it is)
--          {3}: no such task
--#include _history
--#include _ready
local q, id = KEYS[1], ARGV[1]
local key = q .. ':task:' .. id
local f = redis.call('HMGET', key, 's', 'a', 'pr')
local s = f[1]
if not s then return {3} end
if s == 'P' then removeReady(q, f[3], id)
elseif s == 'S' then redis.call('ZREM', q .. ':scheduled', id)
else return {1, redis.call('HGETALL', key)} end
redis.call('HSET', key, 's', 'H')
redis.call('SADD', q .. ':held', id)
event(q, tonumber(ARGV[3]), id, 'paused', s, 'H', nil, f[2] or 0, ARGV[2])
flushEvents(q, tonumber(ARGV[3]))
return {0, redis.call('HGETALL', key)}
