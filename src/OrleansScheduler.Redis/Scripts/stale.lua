-- stale.lua: which of the attempts a silo holds in one queue are no longer current.
-- KEYS[1]   the queue prefix, e.g. os:{q:default}
-- ARGV[1], ARGV[2], ... 2 per attempt: id, token
-- Returns   the 1-based positions, in order, of the attempts whose task is gone, not Running, or
--           Running under another token (canceled, timed out, failed over, handed back or
--           deleted). Reads only.
local q, out = KEYS[1], {}
for o = 1, #ARGV, 2 do
  local f = redis.call('HMGET', q .. ':task:' .. ARGV[o], 's', 'k')
  if f[1] ~= 'R' or f[2] ~= ARGV[o + 1] then out[#out + 1] = (o + 1) / 2 end
end
return out
