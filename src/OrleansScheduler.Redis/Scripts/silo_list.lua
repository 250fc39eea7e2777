-- silo_list.lua: the whole membership table, read in one step.
-- KEYS[1]  the cluster prefix, e.g. os:{os:cluster}
-- ARGV     none
-- Returns  {id, fields, id, fields, ...}, fields as HGETALL gives them, in no particular order
local c = KEYS[1]
local out = {}
for _, id in ipairs(redis.call('ZRANGE', c .. ':silos', 0, -1)) do
  out[#out + 1] = id
  out[#out + 1] = redis.call('HGETALL', c .. ':silo:' .. id)
end
return out
