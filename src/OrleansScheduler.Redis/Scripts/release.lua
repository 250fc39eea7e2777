-- release.lua: hands running attempts of one queue back (a draining silo), each checked against its token.
-- KEYS[1]   the queue prefix, e.g. os:{q:default}
-- ARGV[1]   now (unix ms)   ARGV[2] HistoryLimits.EventStreamLength (0: no events)
-- ARGV[3..] 2 per release: id, token
-- Returns   one code per release, in order:
--           0 accepted (Pending again: attempt not counted, token bumped, the attempt recorded
--           (ao, ae) as released, a 'released' event), 1 stale token, 2 not Running,
--           3 no such task.
--#flags allow-oom
--#include _chunks
--#include _tasks
--#include _history
--#include _ready
local q, now, events = KEYS[1], ARGV[1], tonumber(ARGV[2])
local out, ready = {}, readyBatch(KEYS[1], ARGV[1])
local ids = {}
for o = 3, #ARGV, 2 do ids[#ids + 1] = ARGV[o] end
local tasks, keys = loadTasks(q, ids)
for i, id in ipairs(ids) do
  local o, t = 3 + (i - 1) * 2, tasks[i]
  local code = 0
  if not t then code = 3
  elseif t[STATE] ~= 'R' then code = 2; tasks[i] = false
  elseif tonumber(t[TOKEN]) ~= tonumber(ARGV[o + 1]) then code = 1; tasks[i] = false
  else
    local silo, attempt = t[SILO], t[ATTEMPT]
    leaveRunning(q, t, id)
    -- the token bump fences off the handler still running on the draining silo
    local a = tonumber(attempt) - 1
    t[STATE], t[TOKEN], t[ATTEMPT], t[ENDED_ATTEMPT], t[ENDED_AT] = 'P', tonumber(t[TOKEN]) + 1, a, 'r' .. attempt, now
    event(q, events, id, 'released', 'R', 'P', silo, a, now)
    addReady(ready, t[PRIORITY], id, t)
  end
  out[#out + 1] = code
end
saveTasks(ids, tasks, keys)
flushEvents(q, events)
pushReady(q, ready)
return out
