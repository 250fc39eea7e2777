-- expire.lua: times out running attempts of one queue whose deadline has passed.
-- KEYS[1]   the queue prefix, e.g. os:{q:default}
-- ARGV[1]   now (unix ms)             ARGV[2] backoff cap in ms (TaskLimits.MaxBackoff)
-- ARGV[3]   HistoryLimits.EventStreamLength (0: no events)
-- ARGV[4..] one jitter in [0,1) per attempt this call may expire; their count bounds the call
-- Returns   how many attempts were timed out (the caller calls again while it equals the bound).
--           Each gets a new token (so the late worker is rejected) and its attempt is recorded (ao, ae) as
--           timedOut, then is retried like a retryable failure ('retrying' event) or ends Failed
--           (in failed by finish time, a 'failed' event, counted in tput); a wake-up is published
--           when a retry was scheduled.
--#include _history
local q, now, cap = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2])
local events = tonumber(ARGV[3])
local ids = redis.call('ZRANGEBYSCORE', q .. ':running', '-inf', now, 'LIMIT', 0, #ARGV - 3)
local retried, failed = false, 0
for i, id in ipairs(ids) do
  local key = q .. ':task:' .. id
  local f = redis.call('HMGET', key, 's', 'si', 'a', 'm', 'bo', 'to')
  redis.call('ZREM', q .. ':running', id)
  if f[1] == 'R' then
    redis.call('SREM', q .. ':running:' .. f[2], id)
    redis.call('HINCRBY', key, 'k', 1)
    local a = tonumber(f[3])
    local err = string.format("Attempt %d of task '%s' timed out after %d ms.", a, id, math.floor(tonumber(f[6])))
    if a < tonumber(f[4]) then
      local full = math.min(cap, tonumber(f[5]) * 2 ^ math.min(math.max(a - 1, 0), 40))
      local runAt = now + math.floor(full / 2 + tonumber(ARGV[3 + i]) * full / 2)
      redis.call('HSET', key, 's', 'S', 'e', err, 'ra', runAt, 'ao', 't' .. f[3], 'ae', ARGV[1])
      redis.call('ZADD', q .. ':scheduled', runAt, id)
      event(q, events, id, 'retrying', 'R', 'S', f[2], f[3], ARGV[1], err)
      retried = true
    else
      redis.call('HSET', key, 's', 'F', 'e', err, 'fa', ARGV[1], 'ao', 't' .. f[3], 'ae', ARGV[1])
      redis.call('ZADD', q .. ':failed', ARGV[1], id)
      event(q, events, id, 'failed', 'R', 'F', f[2], f[3], ARGV[1], err)
      failed = failed + 1
    end
  end
end
flushEvents(q, events)
tally(q, 'f', ARGV[1], failed)
if retried then redis.call('PUBLISH', q .. ':wake', '') end
return #ids
