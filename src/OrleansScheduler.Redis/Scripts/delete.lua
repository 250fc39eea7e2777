-- delete.lua: removes a task that is finished or has not started, with every index entry.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  id
-- Returns  {0, fields}: deleted; fields is the task hash as it was (HGETALL). Its dedup key goes
--          too, when it still names this task
--          {1, fields}: refused, the task is Running (or Waiting); fields.s says which
--          {3}: no such task
local q, id = KEYS[1], ARGV[1]
local key = q .. ':task:' .. id
local fields = redis.call('HGETALL', key)
if #fields == 0 then return {3} end
local f = redis.call('HMGET', key, 's', 'ik')
if f[1] == 'R' or f[1] == 'W' then return {1, fields} end
redis.call('ZREM', q .. ':ready', id)
redis.call('ZREM', q .. ':scheduled', id)
redis.call('ZREM', q .. ':ids', id)
-- the key may have expired and been taken by a newer task since
if f[2] and redis.call('HGET', q .. ':dedup:' .. f[2], 'id') == id then redis.call('DEL', q .. ':dedup:' .. f[2]) end
redis.call('DEL', key)
return {0, fields}
