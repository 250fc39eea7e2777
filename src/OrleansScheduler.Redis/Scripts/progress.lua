-- progress.lua: stores the latest progress of a running attempt, checked against its token.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  id   ARGV[2] token   ARGV[3] percent   ARGV[4] message ('' with ARGV[5] = 0: none)
-- ARGV[5]  1 when a message is given, 0 when not
-- Returns  0 accepted, 1 stale token, 2 not Running, 3 no such task
local key = KEYS[1] .. ':task:' .. ARGV[1]
local f = redis.call('HMGET', key, 's', 'k')
if not f[1] then return 3 end
if f[1] ~= 'R' then return 2 end
if f[2] ~= ARGV[2] then return 1 end
if ARGV[5] == '1' then
  redis.call('HSET', key, 'pg', ARGV[3], 'pm', ARGV[4])
else
  redis.call('HSET', key, 'pg', ARGV[3])
  redis.call('HDEL', key, 'pm')
end
return 0
