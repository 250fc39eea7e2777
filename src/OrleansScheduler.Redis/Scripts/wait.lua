-- wait.lua: ends running parents' attempts by waiting for their children, each checked against its token.
-- KEYS[1]   the queue prefix, e.g. os:{q:default}
-- ARGV[1]   now (unix ms)   ARGV[2] HistoryLimits.EventStreamLength (0: no events)
-- ARGV[3..] 4 per wait: id, token, join state (JSON text), 1 when a join state is given (0: none)
-- Returns   one code per wait, in order: 0 accepted (Waiting, in waiting, j = 1, js the join state:
--           the attempt recorded (ao, ae) as waiting and not counted (a − 1), token + 1, out of running
--           and running:<silo>, a 'waiting' event; a parent whose children are all counted (cf >= cc)
--           is unblocked at once, see _family.lua), 1 stale token, 2 not Running, 3 no such task, 4 already
--           recorded (Waiting with token + 1 and this attempt recorded as waiting: a retry after a lost reply);
--           then the length of <q>:notices when the call added to it, else 0
--#include _chunks
--#include _tasks
--#include _history
--#include _ready
--#include _family
local q, now, events = KEYS[1], ARGV[1], tonumber(ARGV[2])
local out, ids = {}, {}
for o = 3, #ARGV, 4 do ids[#ids + 1] = ARGV[o] end
local tasks, keys = loadTasks(q, ids)
for i, id in ipairs(ids) do
  local o, t = 3 + (i - 1) * 4, tasks[i]
  local code = 0
  if not t then code = 3
  elseif t[STATE] ~= 'R' then
    code = 2; tasks[i] = false
    if t[STATE] == 'W' and tonumber(t[TOKEN]) == tonumber(ARGV[o + 1]) + 1 and t[ENDED_ATTEMPT] == 'w' .. ((tonumber(t[ATTEMPT]) or 0) + 1) then code = 4 end
  elseif tonumber(t[TOKEN]) ~= tonumber(ARGV[o + 1]) then code = 1; tasks[i] = false
  else
    local silo, attempt = t[SILO], t[ATTEMPT]
    leaveIndex(q, t, id)
    -- the join step is a step, not a retry: the attempt is not counted, and the bump fences off its handler
    local a = tonumber(attempt) - 1
    t[STATE], t[TOKEN], t[ATTEMPT], t[ENDED_ATTEMPT], t[ENDED_AT] = 'W', tonumber(t[TOKEN]) + 1, a, 'w' .. attempt, now
    t[IS_JOIN], t[JOIN_STATE] = 1, ARGV[o + 3] == '1' and ARGV[o + 2] or false
    redis.call('SADD', q .. ':waiting', id)
    event(q, events, id, 'waiting', 'R', 'W', silo, a, now)
    if (tonumber(t[CHILDREN_FINISHED]) or 0) >= (tonumber(t[CHILD_COUNT]) or 0) then unblock(q, t, id, now, events) end
  end
  out[#out + 1] = code
end
saveTasks(ids, tasks, keys)
flushEvents(q, events)
out[#out + 1] = noticesPending(q)
return out
