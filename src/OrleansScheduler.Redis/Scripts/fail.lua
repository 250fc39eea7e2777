-- fail.lua: records failed attempts of one queue; retries with backoff or ends the task Failed.
-- KEYS[1]   the queue prefix, e.g. os:{q:default}
-- ARGV[1]   now (unix ms)             ARGV[2] backoff cap in ms (TaskLimits.MaxBackoff)
-- ARGV[3]   HistoryLimits.EventStreamLength (0: no events)
-- ARGV[4..] 5 per failure: id, token, error, retryable (1/0), jitter in [0,1) drawn by the caller
-- Returns   one code per failure, in order:
--           0 accepted (Scheduled for a retry: a 'retrying' event; or Failed: in failed by finish
--           time, a 'failed' event, counted in tput; either way the attempt is recorded in
--           the hash (ao, ae) as failed), 1 stale token, 2 not Running, 3 no such task.
--           Publishes a wake-up when a retry was scheduled, or when the queue has a concurrency
--           limit and work waits (a slot freed).
--#include _history
local q, now, cap = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2])
local events = tonumber(ARGV[3])
local out, retried, failed = {}, false, 0
for o = 4, #ARGV, 5 do
  local id, err = ARGV[o], ARGV[o + 2]
  local key = q .. ':task:' .. id
  local f = redis.call('HMGET', key, 's', 'k', 'si', 'a', 'm', 'bo')
  local code = 0
  if not f[1] then code = 3
  elseif f[1] ~= 'R' then code = 2
  elseif f[2] ~= ARGV[o + 1] then code = 1
  else
    redis.call('ZREM', q .. ':running', id)
    redis.call('SREM', q .. ':running:' .. f[3], id)
    local a = tonumber(f[4])
    if ARGV[o + 3] == '1' and a < tonumber(f[5]) then
      -- RetryBackoff.Delay: equal jitter over min(cap, base * 2^(attempt-1))
      local full = math.min(cap, tonumber(f[6]) * 2 ^ math.min(math.max(a - 1, 0), 40))
      local runAt = now + math.floor(full / 2 + tonumber(ARGV[o + 4]) * full / 2)
      redis.call('HSET', key, 's', 'S', 'e', err, 'ra', runAt, 'ao', 'f' .. f[4], 'ae', ARGV[1])
      redis.call('ZADD', q .. ':scheduled', runAt, id)
      event(q, events, id, 'retrying', 'R', 'S', f[3], f[4], ARGV[1], err)
      retried = true
    else
      redis.call('HSET', key, 's', 'F', 'e', err, 'fa', ARGV[1], 'ao', 'f' .. f[4], 'ae', ARGV[1])
      redis.call('ZADD', q .. ':failed', ARGV[1], id)
      event(q, events, id, 'failed', 'R', 'F', f[3], f[4], ARGV[1], err)
      failed = failed + 1
    end
  end
  out[#out + 1] = code
end
flushEvents(q, events)
tally(q, 'f', ARGV[1], failed)
local freed = failed > 0 and redis.call('HEXISTS', q .. ':limits', 'c') == 1 and redis.call('ZCARD', q .. ':prios') > 0
if retried or freed then redis.call('PUBLISH', q .. ':wake', '') end
return out
