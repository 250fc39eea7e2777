-- requeue_silo.lua: failover of one queue's work from a dead silo. Idempotent.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  the dead silo (as tasks name their owner)   ARGV[2] max failovers per task
-- ARGV[3]  now (unix ms)                    ARGV[4] HistoryLimits.EventStreamLength (0: no events)
-- ARGV[5]  how long <q>:gone remembers a requeued silo (ms; ITaskStore.RequeuedSiloMemory)
-- Returns  {requeued, poisoned, notices}, notices the length of <q>:notices when the call added to it
--          (a poisoned task counts for its parent, see _family.lua), else 0. Every id in running:<silo> still Running there gets a new token
--          (its zombie handler's outcome loses), fo + 1 and its attempt recorded (ao, ae) as
--          failedOver; then it is Failed as poison when fo exceeds the limit (in failed by finish
--          time, a 'failed' event, counted in tput), else Pending again with its attempt not
--          counted (a 'failedOver' event). The set is deleted, so a second call finds nothing.
--          The silo goes into <q>:gone (scored by now; entries older than ARGV[5] are dropped), so
--          claim.lua refuses it from now on, even when it had nothing running here. Every Pending task
--          routed to the silo (<q>:routed:<silo>) moves to the wait lane <q>:routed:- in its order (rt '-',
--          rs now, its score kept); so does every task routed to it that becomes Pending later (_ready.lua),
--          failed-over ones included.
--#include _chunks
--#include _tasks
--#include _history
--#include _ready
--#include _family
local q, silo, maxFo, now, events = KEYS[1], ARGV[1], tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', q .. ':gone', '-inf', string.format('(%.0f', tonumber(now) - tonumber(ARGV[5])))
redis.call('ZADD', q .. ':gone', now, silo)

-- its lane waits for a silo now, order kept
local lane = q .. ':routed:' .. silo
local routed = redis.call('ZRANGE', lane, 0, -1, 'WITHSCORES')
if #routed > 0 then
  local waitIds, args = {}, {}
  for i = 1, #routed, 2 do waitIds[#waitIds + 1] = routed[i] end
  local waiting, waitKeys = loadTasks(q, waitIds)
  for i, t in ipairs(waiting) do
    if t then
      t[ROUTED_TO], t[SINCE] = NO_SILO, tonumber(now)
      args[#args + 1] = routed[2 * i]; args[#args + 1] = waitIds[i]
    end
  end
  saveTasks(waitIds, waiting, waitKeys)
  redis.call('DEL', lane)
  redis.call('SREM', q .. ':routed', silo)
  if #args > 0 then toLane(q, 's', NO_SILO, q .. ':routed:' .. NO_SILO, args) end
end

local ids = redis.call('SMEMBERS', q .. ':running:' .. silo)
if #ids == 0 then return {0, 0, 0} end
table.sort(ids) -- store-made ids are ULIDs: requeued tasks keep their creation order within a priority
local back, poisoned, jobs = 0, 0, {}
local ready = readyBatch(q, now)
local tasks, keys = loadTasks(q, ids)
for i, id in ipairs(ids) do
  local t = tasks[i]
  -- an id left behind by a transition that moved the task on is not this silo's work any more
  if t and t[STATE] == 'R' and t[SILO] == silo then
    local attempt = t[ATTEMPT]
    redis.call('ZREM', q .. ':running', id)
    stopRunning(q, t, id)
    local fo = (tonumber(t[FAILOVERS]) or 0) + 1
    t[TOKEN], t[FAILOVERS], t[ENDED_ATTEMPT], t[ENDED_AT] = tonumber(t[TOKEN]) + 1, fo, 'o' .. attempt, now
    if fo > maxFo then
      local err = string.format("Task '%s' is poison: the silos running it died %d times (last '%s'), more than MaxFailovers (%d).",
        id, fo, silo, maxFo)
      t[STATE], t[ERROR], t[FINISHED] = 'F', err, now
      redis.call('ZADD', q .. ':failed', now, id)
      event(q, events, id, 'failed', 'R', 'F', silo, attempt, now, err)
      poisoned = poisoned + 1
      jobs[#jobs + 1] = firstEnd(t, id, 'F')
    else
      local a = tonumber(attempt) - 1
      t[STATE], t[ATTEMPT] = 'P', a
      event(q, events, id, 'failedOver', 'R', 'P', silo, a, now)
      addReady(ready, t[PRIORITY], id, t)
      back = back + 1
    end
  else
    tasks[i] = false
  end
end
saveTasks(ids, tasks, keys)
redis.call('DEL', q .. ':running:' .. silo)
tally(q, 'f', now, poisoned)
for _, job in ipairs(jobs) do tell(q, job, now, events) end
flushEvents(q, events)
pushReady(q, ready)
return {back, poisoned, noticesPending(q)}
