-- release.lua: hands running attempts of one queue back (a draining silo), each checked against its token.
-- KEYS[1]   the queue prefix, e.g. os:{q:default}
-- ARGV[1]   now (unix ms)   ARGV[2] HistoryLimits.EventStreamLength (0: no events)
-- ARGV[3..] 2 per release: id, token
-- Returns   one code per release, in order:
--           0 accepted (Pending again: attempt not counted, token bumped, the attempt recorded
--           (ao, ae) as released, a 'released' event), 1 stale token, 2 not Running,
--           3 no such task. Publishes a wake-up when any was accepted.
--#include _history
--#include _ready
local q, now, events = KEYS[1], ARGV[1], tonumber(ARGV[2])
local out, back = {}, {}
for o = 3, #ARGV, 2 do
  local id = ARGV[o]
  local key = q .. ':task:' .. id
  local f = redis.call('HMGET', key, 's', 'k', 'si', 'pr', 'a')
  local code = 0
  if not f[1] then code = 3
  elseif f[1] ~= 'R' then code = 2
  elseif f[2] ~= ARGV[o + 1] then code = 1
  else
    redis.call('ZREM', q .. ':running', id)
    redis.call('SREM', q .. ':running:' .. f[3], id)
    -- the token bump fences off the handler still running on the draining silo
    redis.call('HINCRBY', key, 'k', 1)
    local a = redis.call('HINCRBY', key, 'a', -1)
    redis.call('HSET', key, 's', 'P', 'ao', 'r' .. f[5], 'ae', now)
    event(q, events, id, 'released', 'R', 'P', f[3], a, now)
    back[#back + 1] = {id, tonumber(f[4] or '0')}
  end
  out[#out + 1] = code
end
flushEvents(q, events)
if #back == 0 then return out end
local ready = readyBatch()
for _, t in ipairs(back) do addReady(ready, t[2], t[1]) end
pushReady(q, ready)
redis.call('PUBLISH', q .. ':wake', '')
return out
