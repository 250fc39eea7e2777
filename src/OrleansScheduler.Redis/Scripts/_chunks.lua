-- _chunks.lua: the index of a queue's chunks (see _tasks.lua), for the scripts with the line
-- "--#include _chunks", before "--#include _tasks", which uses it. get.lua needs only this part.
-- KEYS     none of its own: the helpers take the queue prefix q (the including script's KEYS[1])
-- ARGV     none of its own
-- Returns  nothing; the helpers:
--   chunkKey(q, bound)           the key of the chunk with that bound ('' for the first)
--   boundOf(q, id)               the bound of the chunk id belongs in: the greatest at or below it
--   boundBefore(q, bound)        the bound of the chunk before it ('' for the first)
--   boundAfter(q, bound)         the bound of the chunk after it, nil for the last
--   addBound(q, bound), dropBound(q, bound)  a chunk's bound into and out of <q>:chunks
local function chunkKey(q, bound) return q .. ':chunk:' .. bound end

-- <q>:chunks also holds PAD: below every id (ids start with a letter or a digit) and longer than the 64
-- bytes up to which Redis keeps a zset as one listpack (zset-max-listpack-value). In that encoding a lex
-- lookup walks the members one by one from an end, over 20 µs across a hundred; with PAD in it the zset
-- is a skiplist from its first bound on, where a lookup costs about 5 µs wherever the id falls.
-- spelled out: a function library may call no library function while it loads
local PAD = '!~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~'

-- the bound of the chunk an id belongs in: the greatest bound at or below it
local function boundOf(q, id)
  local bound = redis.call('ZREVRANGEBYLEX', q .. ':chunks', '[' .. id, '-', 'LIMIT', 0, 1)[1]
  if not bound or bound == PAD then return '' end
  return bound
end

-- the bound of the chunk before the one at bound ('' for the first), and of the one after it (nil: none)
local function boundBefore(q, bound)
  local before = redis.call('ZREVRANGEBYLEX', q .. ':chunks', '(' .. bound, '-', 'LIMIT', 0, 1)[1]
  if not before or before == PAD then return '' end
  return before
end

local function boundAfter(q, bound)
  return redis.call('ZRANGEBYLEX', q .. ':chunks', '(' .. (bound == '' and PAD or bound), '+', 'LIMIT', 0, 1)[1]
end

local function addBound(q, bound) redis.call('ZADD', q .. ':chunks', 0, PAD, 0, bound) end

local function dropBound(q, bound)
  redis.call('ZREM', q .. ':chunks', bound)
  if redis.call('ZCARD', q .. ':chunks') == 1 then redis.call('DEL', q .. ':chunks') end -- PAD alone
end

