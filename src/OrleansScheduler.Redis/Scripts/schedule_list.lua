-- schedule_list.lua: cron schedules by next tick, earliest first (those without one last). Reads only (no-writes: it
-- also answers when Redis is out of memory).
-- KEYS[1]  the cluster prefix, e.g. os:{os:cluster}
-- ARGV[1]  latest next tick to list (unix ms; '+inf' = every schedule)   ARGV[2] most to list (-1 = all)
-- Returns  {name, fields, name, fields, …}, fields as HGETALL gives them
--#flags no-writes
local names = redis.call('ZRANGEBYSCORE', KEYS[1] .. ':schedules', '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
local out = {}
for _, name in ipairs(names) do
  out[#out + 1] = name
  out[#out + 1] = redis.call('HGETALL', KEYS[1] .. ':schedule:' .. name)
end
return out
