-- unblock.lua: releases a Waiting workflow node (its workflow saw its dependencies succeed).
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  id   ARGV[2] now (unix ms)   ARGV[3] HistoryLimits.EventStreamLength (0: no events)
-- Returns  {0, task, notices}: out of waiting, Scheduled while ra > now, else Pending at the back of its
--          priority, an 'unblocked' event; task is the task after, packed as in its chunk; notices 0
--          (the caller wakes the queue's workers itself)
--          {1, task}: refused, the task is not Waiting, is no workflow node (no n) or waits for its
--          children (j); its state says which
--          {3}: no such task
--#include _chunks
--#include _tasks
--#include _history
--#include _ready
--#include _family
local q, id, now, events = KEYS[1], ARGV[1], ARGV[2], tonumber(ARGV[3])
local t, key = loadTask(q, id)
if not t then return {3} end
if t[STATE] ~= 'W' or not t[NODE] or t[IS_JOIN] then return {1, packTask(t)} end
unblock(q, t, id, now, events, true)
local packed = saveTask(key, id, t)
flushEvents(q, events)
return {0, packed, noticesPending(q)}
