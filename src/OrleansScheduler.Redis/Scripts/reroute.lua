-- reroute.lua: routes Pending tasks of one queue again (the router's moves), or fails those it cannot route.
-- KEYS[1]   the queue prefix, e.g. os:{q:default}
-- ARGV[1]   now (unix ms)   ARGV[2] HistoryLimits.EventStreamLength (0: no events)
-- ARGV[3..] 3 per move: id, from (a silo or '-'), then to for a move (a silo, '-', or '' for no particular
--           silo), or the error prefixed with '!' for a failure
-- Returns   one code per move, in order: 1 made, 0 not made (no such task, not Pending, or its rt is not
--           from; so a repeat, or a second router's move of the same task, changes nothing); then the length
--           of <q>:notices when the call added to it, else 0.
--           A move takes the task out of its lane into to's (_ready.lua) with its score kept, so it keeps its
--           place in priority-then-submit order; rt = to ('-' when to is in <q>:gone), rs = now. With no
--           particular silo, rt goes and the lane rule decides: its key lane or the fit lane (score kept), or
--           the back of its priority's shared list (rs cleared). No event: it stays Pending. A failure ends it Failed with the error: in failed by finish time, a 'failed'
--           event, counted in tput, and for its parent and workflow (_family.lua), as fail.lua ends a task.
--#include _chunks
--#include _tasks
--#include _history
--#include _ready
--#include _family
local q, now, events = KEYS[1], ARGV[1], tonumber(ARGV[2])
local out, failed, jobs = {}, 0, {}
for o = 3, #ARGV, 3 do
  local id, from, to = ARGV[o], ARGV[o + 1], ARGV[o + 2]
  local t, key = loadTask(q, id)
  local made = 0
  if t and t[STATE] == 'P' and t[ROUTED_TO] == from then
    local lane = laneOf(q, t)
    local score = redis.call('ZSCORE', lane, id)
    fromLane(q, 's', from, lane, {id})
    if string.sub(to, 1, 1) == '!' then
      local err = string.sub(to, 2)
      t[STATE], t[ERROR], t[FINISHED] = 'F', err, now
      redis.call('ZADD', q .. ':failed', now, id)
      event(q, events, id, 'failed', 'P', 'F', nil, t[ATTEMPT] or 0, now, err)
      failed = failed + 1
      jobs[#jobs + 1] = firstEnd(t, id, 'F')
    else
      if to ~= NO_SILO and to ~= '' and redis.call('ZSCORE', q .. ':gone', to) then to = NO_SILO end
      t[ROUTED_TO], t[SINCE] = to ~= '' and to, tonumber(now)
      local dest, kind, target = laneOf(q, t)
      if dest then
        -- no score would be a bug (a Pending routed task is in its lane): it goes to the back of its priority
        score = tonumber(score) or (1000 - (tonumber(t[PRIORITY]) or 0)) * LANE_SHIFT + redis.call('INCR', q .. ':lseq')
        toLane(q, kind, target, dest, {string.format('%.0f', score), id})
      else
        t[SINCE] = false
        local ready = readyBatch(q, now)
        addReady(ready, t[PRIORITY], id, t)
        pushReady(q, ready)
      end
    end
    saveTask(key, id, t)
    made = 1
  end
  out[#out + 1] = made
end
for _, job in ipairs(jobs) do tell(q, job, now, events) end
flushEvents(q, events)
tally(q, 'f', now, failed)
out[#out + 1] = noticesPending(q)
return out
