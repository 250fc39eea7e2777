-- complete.lua: records successful attempts of one queue, each checked against its token.
-- KEYS[1]   the queue prefix, e.g. os:{q:default}
-- ARGV[1]   now (unix ms)
-- ARGV[2]   HistoryLimits.EventStreamLength (0: no events)
-- ARGV[3..] 3 per completion: id, token, result (JSON text)
-- Returns   one code per completion, in order:
--           0 accepted (Succeeded: in done by finish time, a 'succeeded' event, the attempt recorded in the
--           hash as ao, ae; counted in tput), 1 stale token, 2 not Running, 3 no such task, 4 already recorded
--           (Succeeded under this token by this attempt with this result: a retry after a lost reply; nothing changed);
--           then the length of <q>:notices when the call added to it, else 0 (see _family.lua: a child
--           counts for its parent, a node is told to its workflow)
--#flags allow-oom
--#include _chunks
--#include _tasks
--#include _history
--#include _ready
--#include _family
local q, now, events = KEYS[1], ARGV[1], tonumber(ARGV[2])
local out, done, finished, bySilo, jobs = {}, {}, {}, {}, {}
local ids = {}
for o = 3, #ARGV, 3 do ids[#ids + 1] = ARGV[o] end
local tasks, keys = loadTasks(q, ids)
for i, id in ipairs(ids) do
  local o, t = 3 + (i - 1) * 3, tasks[i]
  local code = 0
  if not t then code = 3
  elseif t[STATE] ~= 'R' then
    code = 2; tasks[i] = false
    if t[STATE] == 'D' and tonumber(t[TOKEN]) == tonumber(ARGV[o + 1]) and t[ENDED_ATTEMPT] == 's' .. t[ATTEMPT] and t[RESULT] == ARGV[o + 2] then code = 4 end
  elseif tonumber(t[TOKEN]) ~= tonumber(ARGV[o + 1]) then code = 1; tasks[i] = false
  else
    local silo, a = t[SILO], t[ATTEMPT]
    t[STATE], t[RESULT], t[FINISHED], t[ENDED_ATTEMPT], t[ENDED_AT] = 'D', ARGV[o + 2], now, 's' .. a, now
    done[#done + 1] = id
    stopRunning(q, t, id)
    finished[#finished + 1] = now; finished[#finished + 1] = id
    bySilo[silo] = bySilo[silo] or {}
    table.insert(bySilo[silo], id)
    event(q, events, id, 'succeeded', 'R', 'D', silo, a, now)
    jobs[#jobs + 1] = firstEnd(t, id, 'D')
  end
  out[#out + 1] = code
end
saveTasks(ids, tasks, keys)
-- the indexes are updated once per batch (per silo), not once per task
bulk('ZREM', q .. ':running', done)
for silo, ids in pairs(bySilo) do
  bulk('SREM', q .. ':running:' .. silo, ids)
end
bulk('ZADD', q .. ':done', finished)
-- parents are counted once the batch is saved: one may be in it
for _, job in ipairs(jobs) do tell(q, job, now, events) end
flushEvents(q, events)
tally(q, 's', now, #done)
out[#out + 1] = noticesPending(q)
return out
