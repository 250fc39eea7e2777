-- silo_heartbeat.lua: records a silo's heartbeat and load, unless the incarnation is Dead or unknown.
-- KEYS[1]  the cluster prefix, e.g. os:{os:cluster}
-- ARGV[1]  incarnation id   ARGV[2] now (unix ms)   ARGV[3] attempts it runs
-- Returns  {1, drain}: recorded; drain is 1 when a drain was requested, else 0
--          {0, 0}: refused, the incarnation is Dead or unknown (it must rejoin as a new one)
local c, id, now = KEYS[1], ARGV[1], ARGV[2]
local key = c .. ':silo:' .. id
local f = redis.call('HMGET', key, 's', 'dr')
-- never recreate a hash: a heartbeat racing a leave or a prune must not resurrect the silo
if not f[1] or f[1] == 'D' then return {0, 0} end
redis.call('HSET', key, 'hb', now, 'r', ARGV[3])
redis.call('ZADD', c .. ':silos', now, id)
return {1, f[2] == '1' and 1 or 0}
