-- silo_status.lua: moves a live silo incarnation to another status.
-- KEYS[1]  the cluster prefix, e.g. os:{os:cluster}
-- ARGV[1]  incarnation id   ARGV[2] status letter (J, A, S, D; see RedisKeys)
-- Returns  1 changed; 0 refused, the incarnation is Dead or unknown
local key = KEYS[1] .. ':silo:' .. ARGV[1]
local s = redis.call('HGET', key, 's')
if not s or s == 'D' then return 0 end
redis.call('HSET', key, 's', ARGV[2])
return 1
