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
--#include _history
--#include _ready
local q, id = KEYS[1], ARGV[1]
local key = q .. ':task:' .. id
local f = redis.call('HMGET', key, 's', 'pr')
if not f[1] then return {3} end
if f[1] ~= 'F' and f[1] ~= 'C' then return {1, redis.call('HGETALL', key)} end
archiveAttempt(q, tonumber(ARGV[4]), key, id)
redis.call('HDEL', key, 'a', 'fo', 'fa', 'r', 'pg', 'pm')
redis.call('HSET', key, 's', 'P')
redis.call('ZREM', q .. (f[1] == 'F' and ':failed' or ':canceled'), id)
local ready = readyBatch()
addReady(ready, f[2], id)
pushReady(q, ready)
event(q, tonumber(ARGV[3]), id, 'retried', f[1], 'P', nil, 0, ARGV[2])
flushEvents(q, tonumber(ARGV[3]))
redis.call('PUBLISH', q .. ':wake', '')
return {0, redis.call('HGETALL', key)}
