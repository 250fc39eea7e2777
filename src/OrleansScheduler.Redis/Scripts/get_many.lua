-- get_many.lua: several tasks of one queue by id (a parent's children). Reads only (no-writes: it also answers when Redis is out of memory).
-- KEYS[1]   the queue prefix, e.g. os:{q:default}
-- ARGV[1..] ids
-- Returns   per id, in order, the task packed as in its chunk, or false (nil) when the queue has none
--#flags no-writes
--#include _chunks
local q, out = KEYS[1], {}
for i, id in ipairs(ARGV) do out[i] = redis.call('HGET', chunkKey(q, boundOf(q, id)), id) or false end
return out
