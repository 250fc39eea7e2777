-- silo_leave.lua: removes a silo incarnation from the table (a graceful goodbye).
-- KEYS[1]  the cluster prefix, e.g. os:{os:cluster}
-- ARGV[1]  incarnation id
-- Returns  1 removed; 0 there was no such incarnation
local removed = redis.call('DEL', KEYS[1] .. ':silo:' .. ARGV[1])
redis.call('ZREM', KEYS[1] .. ':silos', ARGV[1])
return removed
