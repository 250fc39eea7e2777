-- silo_drain.lua: asks a live silo incarnation to drain (it reads the flag from its next heartbeat).
-- KEYS[1]  the cluster prefix, e.g. os:{os:cluster}
-- ARGV[1]  incarnation id
-- Returns  1 requested; 0 refused, the incarnation is Dead or unknown
local key = KEYS[1] .. ':silo:' .. ARGV[1]
local s = redis.call('HGET', key, 's')
if not s or s == 'D' then return 0 end
redis.call('HSET', key, 'dr', '1')
return 1
