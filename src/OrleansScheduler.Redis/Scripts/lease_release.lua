-- lease_release.lua: gives a lease up, only if the caller still holds it (compare-and-delete).
-- KEYS[1]  the cluster prefix, e.g. os:{os:cluster}
-- ARGV[1]  role   ARGV[2] holder
-- Returns  1 released; 0 nothing changed, someone else holds it (or nobody)
local key = KEYS[1] .. ':lease:' .. ARGV[1]
if redis.call('HGET', key, 'h') ~= ARGV[2] then return 0 end
redis.call('DEL', key)
return 1
