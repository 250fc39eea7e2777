-- schedule_create.lua: stores a new cron schedule unless its name is taken.
-- KEYS[1]  the cluster prefix, e.g. os:{os:cluster}
-- ARGV[1]  name   ARGV[2] next tick (unix ms; '' = none: disabled)
-- ARGV[3…] field, value, … of the schedule hash (definition, c, u; without nf)
-- Returns  1: stored
--          0: a schedule with the name exists; nothing changed
local key = KEYS[1] .. ':schedule:' .. ARGV[1]
if redis.call('EXISTS', key) == 1 then return 0 end
redis.call('HSET', key, unpack(ARGV, 3))
if ARGV[2] ~= '' then redis.call('HSET', key, 'nf', ARGV[2]) end
redis.call('ZADD', KEYS[1] .. ':schedules', ARGV[2] == '' and '+inf' or ARGV[2], ARGV[1])
return 1
