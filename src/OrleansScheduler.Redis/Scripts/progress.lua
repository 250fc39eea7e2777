-- progress.lua: stores the latest progress of a running attempt, checked against its token.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  id   ARGV[2] token   ARGV[3] percent   ARGV[4] message ('' with ARGV[5] = 0: none)
-- ARGV[5]  1 when a message is given, 0 when not
-- Returns  0 accepted, 1 stale token, 2 not Running, 3 no such task
--#include _chunks
--#include _tasks
local t, key = loadTask(KEYS[1], ARGV[1])
if not t then return 3 end
if t[STATE] ~= 'R' then return 2 end
if tonumber(t[TOKEN]) ~= tonumber(ARGV[2]) then return 1 end
t[PROGRESS] = ARGV[3]
t[PROGRESS_MESSAGE] = ARGV[5] == '1' and ARGV[4] or false
saveTask(key, ARGV[1], t)
return 0
