-- delete.lua: removes a task that is finished or has not started, with every index entry.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  id   ARGV[2] now (unix ms)   ARGV[3] HistoryLimits.EventStreamLength (0: no events)
-- ARGV[4]  1: a task that had not finished counts as Canceled for its parent and its workflow
--          (_family.lua); 0: not (its parent goes too)
-- ARGV[5]  1: a 'deleted' event; 0: none (the retention sweep removing a family)
-- Returns  {0, task, notices}: deleted; task is the task as it was,
--          packed. It leaves its chunk, and its entries in ready, scheduled, held, done, failed and canceled go,
--          with attempts:<id>, logs:<id>, kids:<id>, counted:<id>, and its dedup key when it still names
--          this task. notices: the length of <q>:notices when the call added to it, else 0. The caller
--          deletes a parent's children first
--          {1, task}: refused, the task is Running or Waiting; its state says which
--          {3}: no such task
--#include _chunks
--#include _tasks
--#include _history
--#include _ready
--#include _family
local q, id, now, events = KEYS[1], ARGV[1], ARGV[2], tonumber(ARGV[3])
local t = loadTask(q, id)
if not t then return {3} end
local s, ik = t[STATE], t[IDEMPOTENCY_KEY]
if s == 'R' or s == 'W' then return {1, packTask(t)} end
local packed = packTask(t)
-- only the index of its state holds it
leaveIndex(q, t, id)
if s == 'D' then redis.call('ZREM', q .. ':done', id)
elseif s == 'F' then redis.call('ZREM', q .. ':failed', id)
elseif s == 'C' then redis.call('ZREM', q .. ':canceled', id) end
-- the key may have expired and been taken by a newer task since
if ik and redis.call('HGET', q .. ':dedup:' .. ik, 'id') == id then redis.call('DEL', q .. ':dedup:' .. ik) end
local finished = s == 'D' or s == 'F' or s == 'C'
local job = ARGV[4] == '1' and not finished and firstEnd(t, id, 'C') or nil
removeTasks(q, {id})
redis.call('DEL', q .. ':attempts:' .. id, q .. ':logs:' .. id, q .. ':kids:' .. id, q .. ':counted:' .. id)
if ARGV[5] == '1' then event(q, events, id, 'deleted', s, nil, nil, t[ATTEMPT] or 0, now) end
tell(q, job, now, events)
flushEvents(q, events)
return {0, packed, noticesPending(q)}
