-- promote.lua: moves due Scheduled tasks of one queue to Pending (the scheduler role's sweep). Idempotent.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  now (unix ms)   ARGV[2] TaskLimits.MaxPriority   ARGV[3] most tasks to promote in this call
-- ARGV[4]  HistoryLimits.EventStreamLength (0: no events)
-- Returns  how many were promoted (due ones beyond the bound wait for the next call or claim),
--          each with a 'promoted' event. Publishes a wake-up when any was promoted.
--#include _history
local q, maxPri, events = KEYS[1], tonumber(ARGV[2]), tonumber(ARGV[4])
local due = redis.call('ZRANGEBYSCORE', q .. ':scheduled', '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
if #due == 0 then return 0 end
local seq, ready = redis.call('INCRBY', q .. ':seq', #due) - #due, {}
for i, id in ipairs(due) do
  local key = q .. ':task:' .. id
  local f = redis.call('HMGET', key, 'pr', 'a')
  redis.call('HSET', key, 's', 'P')
  ready[#ready + 1] = string.format('%.0f', (maxPri - tonumber(f[1] or '0')) * 4398046511104 + seq + i)
  ready[#ready + 1] = id
  event(q, events, id, 'promoted', 'S', 'P', nil, f[2] or 0, ARGV[1])
end
for i = 1, #ready, 1000 do redis.call('ZADD', q .. ':ready', unpack(ready, i, math.min(i + 999, #ready))) end
for i = 1, #due, 1000 do redis.call('ZREM', q .. ':scheduled', unpack(due, i, math.min(i + 999, #due))) end
redis.call('PUBLISH', q .. ':wake', '')
return #due
