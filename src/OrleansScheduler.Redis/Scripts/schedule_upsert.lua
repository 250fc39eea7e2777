-- schedule_upsert.lua: creates a cron schedule, or replaces the definition of the one with its name,
-- keeping its creation time and history (last fired, last task).
-- KEYS[1]  the cluster prefix, e.g. os:{os:cluster}
-- ARGV[1]  name   ARGV[2] next tick (unix ms; '' = none: disabled)   ARGV[3] now (unix ms)
-- ARGV[4…] field, value, … of the definition (and u; without c, nf, lf, lt)
-- Returns  {created, fields}: created 1 when there was no such schedule, 0 when it was replaced;
--          fields the hash after, as HGETALL gives it
local key = KEYS[1] .. ':schedule:' .. ARGV[1]
local kept = redis.call('HMGET', key, 'c', 'lf', 'lt')
local created = kept[1] and 0 or 1
redis.call('DEL', key)
redis.call('HSET', key, 'c', kept[1] or ARGV[3], unpack(ARGV, 4))
if kept[2] then redis.call('HSET', key, 'lf', kept[2]) end
if kept[3] then redis.call('HSET', key, 'lt', kept[3]) end
if ARGV[2] ~= '' then redis.call('HSET', key, 'nf', ARGV[2]) end
redis.call('ZADD', KEYS[1] .. ':schedules', ARGV[2] == '' and '+inf' or ARGV[2], ARGV[1])
return {created, redis.call('HGETALL', key)}
