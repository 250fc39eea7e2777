-- lease_acquire.lua: takes a free or expired lease, or renews the caller's own (compare-and-set).
-- KEYS[1]  the cluster prefix, e.g. os:{os:cluster}
-- ARGV[1]  role   ARGV[2] holder   ARGV[3] now (unix ms)   ARGV[4] held until (unix ms)
-- Returns  1: the holder holds the lease until ARGV[4]
--          0: someone else holds it and it has not expired; nothing changed
-- Expiry is judged against the callers' clock (ARGV[3]), not a Redis TTL, so the key stays.
local key = KEYS[1] .. ':lease:' .. ARGV[1]
local f = redis.call('HMGET', key, 'h', 'u')
if f[1] and f[1] ~= ARGV[2] and tonumber(f[2]) > tonumber(ARGV[3]) then return 0 end
redis.call('HSET', key, 'h', ARGV[2], 'u', ARGV[4])
return 1
