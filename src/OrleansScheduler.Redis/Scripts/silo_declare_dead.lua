-- silo_declare_dead.lua: declares a silent silo incarnation Dead, if it still is silent.
-- KEYS[1]  the cluster prefix, e.g. os:{os:cluster}
-- ARGV[1]  incarnation id   ARGV[2] now (unix ms)   ARGV[3] deadAfter (ms)
-- Returns  1: this call declared it Dead (dd = now); only one call ever does
--          0: nothing changed: unknown, Dead already, or its last heartbeat is not older than deadAfter
local key = KEYS[1] .. ':silo:' .. ARGV[1]
local f = redis.call('HMGET', key, 's', 'hb')
if not f[1] or f[1] == 'D' then return 0 end
-- the age is checked here, not by the caller: a heartbeat may have arrived since the caller looked
if tonumber(ARGV[2]) - tonumber(f[2]) <= tonumber(ARGV[3]) then return 0 end
redis.call('HSET', key, 's', 'D', 'dd', ARGV[2])
return 1
