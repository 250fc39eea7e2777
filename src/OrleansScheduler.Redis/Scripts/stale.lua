-- stale.lua: which of the attempts a silo holds in one queue are no longer current.
-- KEYS[1]   the queue prefix, e.g. os:{q:default}
-- ARGV[1], ARGV[2], ... 2 per attempt: id, token
-- Returns   the 1-based positions, in order, of the attempts whose task is gone, not Running, or
--           Running under another token (canceled, timed out, failed over, handed back or
--           deleted). Reads only (but a task still stored the old way moves into its chunk).
--#include _chunks
--#include _tasks
local q, out, ids = KEYS[1], {}, {}
for o = 1, #ARGV, 2 do ids[#ids + 1] = ARGV[o] end
local tasks = loadTasks(q, ids)
for i = 1, #ids do
  local t = tasks[i]
  if not t or t[STATE] ~= 'R' or tonumber(t[TOKEN]) ~= tonumber(ARGV[i * 2]) then out[#out + 1] = i end
end
return out
