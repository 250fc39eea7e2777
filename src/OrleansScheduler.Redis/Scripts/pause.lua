-- pause.lua: holds a Pending or Scheduled task back (Paused) until it is resumed.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  id
-- Returns  {0, fields}: paused; fields is the task hash after (HGETALL). ra is kept, so a
--          Scheduled task resumes at its time
--          {1, fields}: refused, the task is not Pending or Scheduled (fields.s says what it is)
--          {3}: no such task
local q, id = KEYS[1], ARGV[1]
local key = q .. ':task:' .. id
local s = redis.call('HGET', key, 's')
if not s then return {3} end
if s == 'P' then redis.call('ZREM', q .. ':ready', id)
elseif s == 'S' then redis.call('ZREM', q .. ':scheduled', id)
else return {1, redis.call('HGETALL', key)} end
redis.call('HSET', key, 's', 'H')
return {0, redis.call('HGETALL', key)}
