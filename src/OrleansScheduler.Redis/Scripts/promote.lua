-- promote.lua: moves due Scheduled tasks of one queue to Pending (the scheduler role's sweep). Idempotent.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  now (unix ms)   ARGV[2] TaskLimits.MaxPriority   ARGV[3] most tasks to promote in this call
-- Returns  how many were promoted (due ones beyond the bound wait for the next call or claim).
--          Publishes a wake-up when any was promoted.
local q, maxPri = KEYS[1], tonumber(ARGV[2])
local due = redis.call('ZRANGEBYSCORE', q .. ':scheduled', '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
if #due == 0 then return 0 end
local seq, ready = redis.call('INCRBY', q .. ':seq', #due) - #due, {}
for i, id in ipairs(due) do
  local key = q .. ':task:' .. id
  local pr = tonumber(redis.call('HGET', key, 'pr') or '0')
  redis.call('HSET', key, 's', 'P')
  ready[#ready + 1] = string.format('%.0f', (maxPri - pr) * 4398046511104 + seq + i)
  ready[#ready + 1] = id
end
for i = 1, #ready, 1000 do redis.call('ZADD', q .. ':ready', unpack(ready, i, math.min(i + 999, #ready))) end
for i = 1, #due, 1000 do redis.call('ZREM', q .. ':scheduled', unpack(due, i, math.min(i + 999, #due))) end
redis.call('PUBLISH', q .. ':wake', '')
return #due
