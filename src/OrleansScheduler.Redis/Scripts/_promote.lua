-- _promote.lua: the promotion of due Scheduled tasks, shared by claim.lua and promote.lua, pasted by
-- RedisScript in place of the line "--#include _promote" (after "--#include _history": it uses event()).
-- KEYS     none of its own: it takes the queue prefix q (the including script's KEYS[1])
-- ARGV     none of its own: the including script passes its ARGV values in
-- Returns  nothing; the helper:
--   promoteDue(q, now, maxPri, limit, events)  moves up to limit Scheduled tasks of q due by now
--            (unix ms, as a string) to Pending at the back of their priority (ready score
--            (maxPri - pr) * 2^42 + seq), each with a 'promoted' event; returns how many it moved
local function promoteDue(q, now, maxPri, limit, events)
  local due = redis.call('ZRANGEBYSCORE', q .. ':scheduled', '-inf', now, 'LIMIT', 0, limit)
  if #due == 0 then return 0 end
  local seq, ready = redis.call('INCRBY', q .. ':seq', #due) - #due, {}
  for i, id in ipairs(due) do
    local key = q .. ':task:' .. id
    local f = redis.call('HMGET', key, 'pr', 'a')
    redis.call('HSET', key, 's', 'P')
    ready[#ready + 1] = (maxPri - tonumber(f[1] or '0')) * 4398046511104 + seq + i
    ready[#ready + 1] = id
    event(q, events, id, 'promoted', 'S', 'P', nil, f[2] or 0, now)
  end
  -- one call per 1000 arguments: Lua's unpack() is bounded
  for i = 1, #ready, 1000 do redis.call('ZADD', q .. ':ready', unpack(ready, i, math.min(i + 999, #ready))) end
  for i = 1, #due, 1000 do redis.call('ZREM', q .. ':scheduled', unpack(due, i, math.min(i + 999, #due))) end
  return #due
end
