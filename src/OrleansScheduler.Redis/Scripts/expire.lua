-- expire.lua: times out running attempts of one queue whose deadline has passed.
-- KEYS[1]   the queue prefix, e.g. os:{q:default}
-- ARGV[1]   now (unix ms)             ARGV[2] backoff cap in ms (TaskLimits.MaxBackoff)
-- ARGV[3..] one jitter in [0,1) per attempt this call may expire; their count bounds the call
-- Returns   how many attempts were timed out (the caller calls again while it equals the bound).
--           Each gets a new token (so the late worker is rejected), then is retried like a
--           retryable failure or ends Failed; a wake-up is published when a retry was scheduled.
local q, now, cap = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2])
local ids = redis.call('ZRANGEBYSCORE', q .. ':running', '-inf', now, 'LIMIT', 0, #ARGV - 2)
local retried = false
for i, id in ipairs(ids) do
  local key = q .. ':task:' .. id
  local f = redis.call('HMGET', key, 's', 'si', 'a', 'm', 'bo', 'to')
  redis.call('ZREM', q .. ':running', id)
  if f[1] == 'R' then
    redis.call('SREM', q .. ':running:' .. f[2], id)
    redis.call('HINCRBY', key, 'k', 1)
    local attempt = tonumber(f[3])
    local err = string.format("Attempt %d of task '%s' timed out after %d ms.", attempt, id, math.floor(tonumber(f[6])))
    if attempt < tonumber(f[4]) then
      local full = math.min(cap, tonumber(f[5]) * 2 ^ math.min(math.max(attempt - 1, 0), 40))
      local runAt = now + math.floor(full / 2 + tonumber(ARGV[2 + i]) * full / 2)
      redis.call('HSET', key, 's', 'S', 'e', err, 'ra', runAt)
      redis.call('ZADD', q .. ':scheduled', runAt, id)
      retried = true
    else
      redis.call('HSET', key, 's', 'F', 'e', err, 'fa', ARGV[1])
    end
  end
end
if retried then redis.call('PUBLISH', q .. ':wake', '') end
return #ids
