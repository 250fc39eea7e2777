-- count_child.lua: counts a child of another queue on its parent here (a 'c' notice delivered, _family.lua).
-- KEYS[1]  the parent's queue prefix, e.g. os:{q:default}
-- ARGV[1]  parent id   ARGV[2] child id   ARGV[3] child's position   ARGV[4] its state letter (D, F or C)
-- ARGV[5]  its error ('' = none)   ARGV[6] now (unix ms)   ARGV[7] HistoryLimits.EventStreamLength
-- Returns  the length of <q>:notices when the call added to it, else 0. Idempotent: a child already
--          counted (its bit of counted:<parent id> set) or a parent gone changes nothing
--#include _chunks
--#include _tasks
--#include _history
--#include _ready
--#include _family
local q, events = KEYS[1], tonumber(ARGV[7])
countChild(q, ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5] ~= '' and ARGV[5] or nil, ARGV[6], events)
flushEvents(q, events)
return noticesPending(q)
