-- children.lua: a parent and where its children are. Reads only (no-writes: it also answers when Redis is out of memory).
-- KEYS[1]  the parent's queue prefix, e.g. os:{q:default}
-- ARGV[1]  parent id
-- Returns  {} no such task; {task, run, ...}: the task packed as in its chunk, then the members of
--          kids:<parent id> in position order, each '<first position>:<queue>' (see spawn.lua)
--#flags no-writes
--#include _chunks
local q, id = KEYS[1], ARGV[1]
local packed = redis.call('HGET', chunkKey(q, boundOf(q, id)), id)
if not packed then return {} end
local out = {packed}
for _, run in ipairs(redis.call('ZRANGE', q .. ':kids:' .. id, 0, -1)) do out[#out + 1] = run end
return out
