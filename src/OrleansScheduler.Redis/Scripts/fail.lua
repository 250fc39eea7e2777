-- fail.lua: records failed attempts of one queue; retries with backoff or ends the task Failed.
-- KEYS[1]   the queue prefix, e.g. os:{q:default}
-- ARGV[1]   now (unix ms)             ARGV[2] backoff cap in ms (TaskLimits.MaxBackoff)
-- ARGV[3]   HistoryLimits.EventStreamLength (0: no events)
-- ARGV[4..] 6 per failure: id, token, error, retryable (1/0), jitter in [0,1) drawn by the caller, the least
--           retry delay in ms (a Retry-After; 0 none): the retry is due at the later of it and the backoff, both capped
-- Returns   one code per failure, in order:
--           0 accepted (Scheduled for a retry: a 'retrying' event; or Failed: in failed by finish
--           time, a 'failed' event, counted in tput; either way the attempt is recorded in
--           the hash (ao, ae) as failed), 1 stale token, 2 not Running, 3 no such task, 4 already recorded
--           (Scheduled, Pending or Failed under this token with this attempt failed with this error: a retry
--           after a lost reply; nothing changed);
--           then the length of <q>:notices when the call added to it, else 0 (see _family.lua: a task
--           that ends Failed counts for its parent, a node is told to its workflow)
--#flags allow-oom
--#include _chunks
--#include _tasks
--#include _history
--#include _ready
--#include _family
local q, now, cap = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2])
local events = tonumber(ARGV[3])
local out, failed, jobs = {}, 0, {}
local ids = {}
for o = 4, #ARGV, 6 do ids[#ids + 1] = ARGV[o] end
local tasks, keys = loadTasks(q, ids)
for i, id in ipairs(ids) do
  local o, t = 4 + (i - 1) * 6, tasks[i]
  local err = ARGV[o + 2]
  local code = 0
  if not t then code = 3
  elseif t[STATE] ~= 'R' then
    code = 2; tasks[i] = false
    local s = t[STATE]
    if (s == 'S' or s == 'P' or s == 'F') and tonumber(t[TOKEN]) == tonumber(ARGV[o + 1]) and t[ENDED_ATTEMPT] == 'f' .. t[ATTEMPT] and t[ERROR] == err then code = 4 end
  elseif tonumber(t[TOKEN]) ~= tonumber(ARGV[o + 1]) then code = 1; tasks[i] = false
  else
    local silo, attempt = t[SILO], t[ATTEMPT]
    leaveRunning(q, t, id)
    local a = tonumber(attempt)
    t[ERROR], t[ENDED_ATTEMPT], t[ENDED_AT] = err, 'f' .. attempt, ARGV[1]
    if ARGV[o + 3] == '1' and a < tonumber(t[MAX_ATTEMPTS]) then
      -- RetryBackoff.Delay: equal jitter over min(cap, base * 2^(attempt-1))
      local full = math.min(cap, tonumber(t[BACKOFF]) * 2 ^ math.min(math.max(a - 1, 0), 40))
      local wait = math.max(math.floor(full / 2 + tonumber(ARGV[o + 4]) * full / 2), math.min(cap, tonumber(ARGV[o + 5])))
      local runAt = now + wait
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
  end
  out[#out + 1] = code
end
saveTasks(ids, tasks, keys)
-- parents are counted once the batch is saved: one may be in it
for _, job in ipairs(jobs) do tell(q, job, ARGV[1], events) end
flushEvents(q, events)
tally(q, 'f', ARGV[1], failed)
out[#out + 1] = noticesPending(q)
return out
