-- get.lua: one task, and optionally one of its lists, read in one step. Reads only (no-writes: it also answers when Redis is out of memory).
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  id   ARGV[2] '' (the task alone), 'attempts' or 'logs' (also that list of the task)
-- Returns  {} no such task; {1, task} the task packed as in its chunk (read by RedisTaskPacking); {2, fields}
--          a task an earlier version stored as a hash of its own and nothing has moved into a chunk yet
--          (see _tasks.lua), its fields as HGETALL gives them; either with a third element, the whole
--          attempts:<id> or logs:<id> list, oldest first, when ARGV[2] names one
--#flags no-writes
--#include _chunks
local q, id, which = KEYS[1], ARGV[1], ARGV[2]
local out
local packed = redis.call('HGET', chunkKey(q, boundOf(q, id)), id)
if packed then
  out = {1, packed}
else
  local old = redis.call('HGETALL', q .. ':task:' .. id)
  if #old == 0 then return {} end
  out = {2, old}
end
if which ~= '' then
  if which ~= 'attempts' and which ~= 'logs' then return redis.error_reply('get.lua: unknown list ' .. which) end
  out[3] = redis.call('LRANGE', q .. ':' .. which .. ':' .. id, 0, -1)
end
return out
