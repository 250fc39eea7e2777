-- schedule_advance.lua: the compare-and-set that fires each tick of a cron schedule once.
-- KEYS[1]  the cluster prefix, e.g. os:{os:cluster}
-- ARGV[1]  name   ARGV[2] expected next tick (unix ms)   ARGV[3] new next tick (unix ms; '' = none left)
-- ARGV[4]  fired at (unix ms)   ARGV[5] task the tick submitted ('' = none: skipped, lf and lt kept)
-- Returns  1: advanced
--          0: the stored next tick is not ARGV[2] (another firer advanced it, or the schedule was
--             replaced, disabled or deleted); nothing changed
local key = KEYS[1] .. ':schedule:' .. ARGV[1]
local nf = redis.call('HGET', key, 'nf')
if not nf or tonumber(nf) ~= tonumber(ARGV[2]) then return 0 end
if ARGV[3] == '' then
  redis.call('HDEL', key, 'nf')
  redis.call('ZADD', KEYS[1] .. ':schedules', '+inf', ARGV[1])
else
  redis.call('HSET', key, 'nf', ARGV[3])
  redis.call('ZADD', KEYS[1] .. ':schedules', ARGV[3], ARGV[1])
end
if ARGV[5] ~= '' then redis.call('HSET', key, 'lf', ARGV[4], 'lt', ARGV[5]) end
return 1
