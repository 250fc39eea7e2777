-- expire.lua: times out running attempts of one queue whose deadline has passed.
-- KEYS[1]   the queue prefix, e.g. os:{q:default}
-- ARGV[1]   now (unix ms)             ARGV[2] backoff cap in ms (TaskLimits.MaxBackoff)
-- ARGV[3]   HistoryLimits.EventStreamLength (0: no events)
-- ARGV[4..] one jitter in [0,1) per attempt this call may expire; their count bounds the call
-- Returns   {timedOut, notices}: how many attempts were timed out (the caller calls again while it equals
--           the bound), and the length of <q>:notices when the call added to it, else 0 (_family.lua).
--           Each gets a new token (so the late worker is rejected) and its attempt is recorded (ao, ae) as
--           timedOut, then is retried like a retryable failure ('retrying' event) or ends Failed
--           (in failed by finish time, a 'failed' event, counted in tput).
--#include _chunks
--#include _tasks
--#include _history
--#include _ready
--#include _family
local q, now, cap = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2])
local events = tonumber(ARGV[3])
local ids = redis.call('ZRANGEBYSCORE', q .. ':running', '-inf', now, 'LIMIT', 0, #ARGV - 3)
local failed, jobs = 0, {}
local tasks, keys = loadTasks(q, ids)
for i, id in ipairs(ids) do
  local t = tasks[i]
  redis.call('ZREM', q .. ':running', id)
  if t and t[STATE] == 'R' then
    local silo, attempt = t[SILO], t[ATTEMPT]
    redis.call('SREM', q .. ':running:' .. silo, id)
    stopRunning(q, t, id)
    local a = tonumber(attempt)
    local err = string.format("Attempt %d of task '%s' timed out after %d ms.", a, id, math.floor(tonumber(t[TIMEOUT])))
    t[TOKEN], t[ERROR], t[ENDED_ATTEMPT], t[ENDED_AT] = tonumber(t[TOKEN]) + 1, err, 't' .. attempt, ARGV[1]
    if a < tonumber(t[MAX_ATTEMPTS]) then
      local full = math.min(cap, tonumber(t[BACKOFF]) * 2 ^ math.min(math.max(a - 1, 0), 40))
      local runAt = now + math.floor(full / 2 + tonumber(ARGV[3 + i]) * full / 2)
      t[STATE], t[RUN_AT] = 'S', runAt
      redis.call('ZADD', q .. ':scheduled', runAt, id)
      event(q, events, id, 'retrying', 'R', 'S', silo, attempt, ARGV[1], err)
    else
      t[STATE], t[FINISHED] = 'F', ARGV[1]
      redis.call('ZADD', q .. ':failed', ARGV[1], id)
      event(q, events, id, 'failed', 'R', 'F', silo, attempt, ARGV[1], err)
      failed = failed + 1
      jobs[#jobs + 1] = firstEnd(t, id, 'F')
    end
  else
    tasks[i] = false
  end
end
saveTasks(ids, tasks, keys)
for _, job in ipairs(jobs) do tell(q, job, ARGV[1], events) end
flushEvents(q, events)
tally(q, 'f', ARGV[1], failed)
return {#ids, noticesPending(q)}
