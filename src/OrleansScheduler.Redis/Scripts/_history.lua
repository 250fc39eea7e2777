-- _history.lua: helpers for writing a queue's history, pasted by RedisScript in place of the
-- line "--#include _history" of the transition scripts that use them (layout in RedisKeys).
-- KEYS     none of its own: each helper takes the queue prefix q (the including script's KEYS[1])
-- ARGV     none of its own: the including script passes its ARGV values in
-- Returns  nothing; the helpers write:
--   event(q, n, id, typ, from, to, silo, attempt, now, err)  one entry of <q>:events (XADD *;
--            nothing when n = 0). The trim is approximate (MAXLEN ~ n: whole stream nodes go,
--            an exact trim costs several times the XADD); events.lua and task_events.lua skip the
--            XLEN - n oldest entries it leaves, so readers see exactly the newest n. Every entry
--            has the same fields in the same order, so the stream stores their names once: t task,
--            y type, f from letter ('' = none), o to letter ('' = none), si silo ('' = none),
--            a attempt, ts time (unix ms), e error ('' = none)
--   attempt(q, cap, id, number, silo, started, now, outcome, err)  one finished attempt pushed
--            on <q>:attempts:<id> as a JSON array [number, silo, startedMs, finishedMs, outcome,
--            error or ''], keeping the newest cap (none kept when cap = 0)
--   tally(q, kind, now, n)  n more transitions into Succeeded (kind 's') or Failed ('f') in the
--            current second's slot of <q>:tput (a ring of 60 slots per kind: field <kind><sec % 60>,
--            value "<sec>:<count>"; a slot holding an older second starts again at 0)
local function event(q, n, id, typ, from, to, silo, attempt, now, err)
  if n > 0 then
    redis.call('XADD', q .. ':events', 'MAXLEN', '~', n, '*', 't', id, 'y', typ, 'f', from or '', 'o', to or '',
      'si', silo or '', 'a', attempt or 0, 'ts', now, 'e', err or '')
  end
end

local function attempt(q, cap, id, number, silo, started, now, outcome, err)
  if cap <= 0 then return end
  local key = q .. ':attempts:' .. id
  redis.call('RPUSH', key, cjson.encode({tonumber(number), silo, started or now, now, outcome, err or ''}))
  redis.call('LTRIM', key, -cap, -1)
end

local function tally(q, kind, now, n)
  if n == 0 then return end
  local sec = math.floor(tonumber(now) / 1000)
  local field = kind .. string.format('%d', sec % 60)
  local at, count = string.match(redis.call('HGET', q .. ':tput', field) or '', '^(%d+):(%d+)$')
  if tonumber(at) ~= sec then count = 0 end
  redis.call('HSET', q .. ':tput', field, string.format('%d:%d', sec, tonumber(count) + n))
end
