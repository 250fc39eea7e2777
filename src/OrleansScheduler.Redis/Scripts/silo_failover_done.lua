-- silo_failover_done.lua: notes that a Dead incarnation's running tasks were requeued.
-- KEYS[1]  the cluster prefix, e.g. os:{os:cluster}
-- ARGV[1]  incarnation id
-- Returns  1 noted (fd = 1); 0 nothing changed, the incarnation is not Dead or unknown
local key = KEYS[1] .. ':silo:' .. ARGV[1]
if redis.call('HGET', key, 's') ~= 'D' then return 0 end
redis.call('HSET', key, 'fd', '1')
return 1
