-- set_limits.lua: replaces a queue's limits, keeping its rate bucket's tokens within the new capacity.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  now (unix ms)   ARGV[2] max concurrency ('' = none)   ARGV[3] rate per second ('' = none)
-- ARGV[4]  retention ms ('' = the default)
-- Returns  0. limits is replaced (deleted when every limit is none). An existing bucket is first
--          refilled at the old rate up to now, then its tokens are clamped to the new capacity
--          max(1, rate); a missing one is made full by the next claim.
local q, now = KEYS[1], tonumber(ARGV[1])
local old = tonumber(redis.call('HGET', q .. ':limits', 'r'))
local b = redis.call('HMGET', q .. ':bucket', 't', 'at')
if b[1] then
  local tokens, at = tonumber(b[1]), tonumber(b[2])
  if old and now > at then tokens, at = math.min(math.max(1, old), tokens + old * (now - at) / 1000), now end
  if ARGV[3] ~= '' then tokens = math.min(tokens, math.max(1, tonumber(ARGV[3]))) end
  redis.call('HSET', q .. ':bucket', 't', string.format('%.17g', tokens), 'at', string.format('%.0f', at))
end
redis.call('DEL', q .. ':limits')
local f = {}
if ARGV[2] ~= '' then f[#f + 1] = 'c'; f[#f + 1] = ARGV[2] end
if ARGV[3] ~= '' then f[#f + 1] = 'r'; f[#f + 1] = ARGV[3] end
if ARGV[4] ~= '' then f[#f + 1] = 'ret'; f[#f + 1] = ARGV[4] end
if #f > 0 then redis.call('HSET', q .. ':limits', unpack(f)) end
return 0
