-- silo_join.lua: registers a silo incarnation (replacing one with the same id), its heartbeat at now.
-- KEYS[1]   the cluster prefix, e.g. os:{os:cluster}
-- ARGV[1]   incarnation id   ARGV[2] now (unix ms)
-- ARGV[3..] field, value pairs of the registration (n, ad, q, cap, l, v, st, s, r, dr; see RedisKeys)
-- Returns   0
local c, id, now = KEYS[1], ARGV[1], ARGV[2]
local key = c .. ':silo:' .. id
redis.call('DEL', key) -- a rejoin under the same id starts clean: no dd, fd or stale fields
redis.call('HSET', key, 'hb', now, unpack(ARGV, 3))
redis.call('ZADD', c .. ':silos', now, id)
return 0
