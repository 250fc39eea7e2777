-- promote.lua: moves due Scheduled tasks of one queue to Pending (the queue grain's sweep). Idempotent.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  now (unix ms)   ARGV[2] most tasks to promote in this call
-- ARGV[3]  HistoryLimits.EventStreamLength (0: no events)
-- Returns  how many were promoted (due ones beyond the bound wait for the next call or claim),
--          each with a 'promoted' event.
--#include _chunks
--#include _tasks
--#include _history
--#include _ready
--#include _promote
local q = KEYS[1]
adoptOldTasks(q, 1000)
adoptOldReady(q)
local promoted = promoteDue(q, ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]))
flushEvents(q, tonumber(ARGV[3]))
return promoted
