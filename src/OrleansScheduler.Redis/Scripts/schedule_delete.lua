-- schedule_delete.lua: removes a cron schedule (the tasks it submitted stay).
-- KEYS[1]  the cluster prefix, e.g. os:{os:cluster}
-- ARGV[1]  name
-- Returns  1: removed
--          0: no such schedule
redis.call('ZREM', KEYS[1] .. ':schedules', ARGV[1])
return redis.call('DEL', KEYS[1] .. ':schedule:' .. ARGV[1])
