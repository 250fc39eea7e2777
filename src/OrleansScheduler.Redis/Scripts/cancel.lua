-- cancel.lua: cancels a Pending, Scheduled or Paused task.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  id   ARGV[2] now (unix ms)
-- Returns  {0, fields}: canceled; fields is the task hash after (HGETALL)
--          {1, fields}: refused, the task is in another state (fields.s says which)
--          {3}: no such task
local id = ARGV[1]
local key = KEYS[1] .. ':task:' .. id
local s = redis.call('HGET', key, 's')
if not s then return {3} end
if s ~= 'P' and s ~= 'S' and s ~= 'H' then return {1, redis.call('HGETALL', key)} end
redis.call('ZREM', KEYS[1] .. ':ready', id)
redis.call('ZREM', KEYS[1] .. ':scheduled', id)
redis.call('HSET', key, 's', 'C', 'fa', ARGV[2])
return {0, redis.call('HGETALL', key)}
