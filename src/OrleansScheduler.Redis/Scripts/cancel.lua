-- cancel.lua: cancels a Pending, Scheduled, Paused, Waiting or Running task.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  id   ARGV[2] now (unix ms)
-- ARGV[3]  HistoryLimits.EventStreamLength (0: no events)
-- ARGV[4]  the reason, kept as the task's error (e), when ARGV[5] is 1; ARGV[5] 0 keeps e as it was
-- Returns  {0, task, notices}: canceled; task is the task after, packed as in its chunk. It goes in canceled by
--          finish time, with a 'canceled' event. A Running task gets token + 1 (its handler's
--          outcome loses), leaves running and running:<silo>, and its attempt is recorded (ao, ae) as
--          canceled; the caller tells that silo (si), so its handler's token fires. It counts for its
--          parent and its workflow (_family.lua); a parent (cc > 0) leaves an 'x' notice, so the caller
--          cancels its unfinished children. notices: the length of <q>:notices when the call added to it, else 0
--          {1, task}: refused, the task is in another state, e.g. finished (its state says which)
--          {3}: no such task
--#include _chunks
--#include _tasks
--#include _history
--#include _ready
--#include _family
local q, id, now, events = KEYS[1], ARGV[1], ARGV[2], tonumber(ARGV[3])
local t, key = loadTask(q, id)
if not t then return {3} end
local s, silo = t[STATE], t[SILO]
if s ~= 'P' and s ~= 'S' and s ~= 'H' and s ~= 'W' and s ~= 'R' then return {1, packTask(t)} end
leaveIndex(q, t, id)
-- the attempt it ends is recorded with the state, as every transition that ends one does
if s == 'R' then t[TOKEN], t[ENDED_ATTEMPT], t[ENDED_AT] = tonumber(t[TOKEN]) + 1, 'c' .. t[ATTEMPT], now end
if ARGV[5] == '1' then t[ERROR] = ARGV[4] end
t[STATE], t[FINISHED] = 'C', now
local job = firstEnd(t, id, 'C')
local packed = saveTask(key, id, t)
redis.call('ZADD', q .. ':canceled', now, id)
event(q, events, id, 'canceled', s, 'C', s == 'R' and silo or nil, t[ATTEMPT] or 0, now, ARGV[5] == '1' and ARGV[4] or nil)
if (tonumber(t[CHILD_COUNT]) or 0) > 0 then notice(q, {'x', id, 'c', '', ''}) end
tell(q, job, now, events)
flushEvents(q, events)
return {0, packed, noticesPending(q)}
