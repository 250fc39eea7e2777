-- fail.lua: records failed attempts of one queue; retries with backoff or ends the task Failed.
-- KEYS[1]   the queue prefix, e.g. os:{q:default}
-- ARGV[1]   now (unix ms)             ARGV[2] backoff cap in ms (TaskLimits.MaxBackoff)
-- ARGV[3..] 5 per failure: id, token, error, retryable (1/0), jitter in [0,1) drawn by the caller
-- Returns   one code per failure, in order:
--           0 accepted (Scheduled for a retry, or Failed), 1 stale token, 2 not Running,
--           3 no such task. Publishes a wake-up when a retry was scheduled.
local q, now, cap = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2])
local out, retried = {}, false
for o = 3, #ARGV, 5 do
  local id = ARGV[o]
  local key = q .. ':task:' .. id
  local f = redis.call('HMGET', key, 's', 'k', 'si', 'a', 'm', 'bo')
  local code = 0
  if not f[1] then code = 3
  elseif f[1] ~= 'R' then code = 2
  elseif f[2] ~= ARGV[o + 1] then code = 1
  else
    redis.call('ZREM', q .. ':running', id)
    redis.call('SREM', q .. ':running:' .. f[3], id)
    local attempt = tonumber(f[4])
    if ARGV[o + 3] == '1' and attempt < tonumber(f[5]) then
      -- RetryBackoff.Delay: equal jitter over min(cap, base * 2^(attempt-1))
      local full = math.min(cap, tonumber(f[6]) * 2 ^ math.min(math.max(attempt - 1, 0), 40))
      local runAt = now + math.floor(full / 2 + tonumber(ARGV[o + 4]) * full / 2)
      redis.call('HSET', key, 's', 'S', 'e', ARGV[o + 2], 'ra', runAt)
      redis.call('ZADD', q .. ':scheduled', runAt, id)
      retried = true
    else
      redis.call('HSET', key, 's', 'F', 'e', ARGV[o + 2], 'fa', ARGV[1])
    end
  end
  out[#out + 1] = code
end
if retried then redis.call('PUBLISH', q .. ':wake', '') end
return out
