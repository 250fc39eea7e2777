-- task_events.lua: the stream entries that may hold one task's events, oldest first. Reads only (no-writes: it also answers when Redis is out of memory).
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  the task id
-- ARGV[2]  HistoryLimits.EventStreamLength: only the newest this many events count as kept (see events.lua)
-- Returns  {cutoff, entryId, b, ...} as events.lua, with only the entries whose events name the
--          id (a text search: the reader keeps the events whose task is the id). Walks the whole
--          stream, 100 entries a step: it holds about HistoryLimits.EventStreamLength events.
--#flags no-writes
--#include _event_reader
local q, id, kept = KEYS[1], ARGV[1], tonumber(ARGV[2])
if kept <= 0 then return {} end
local cutoff = keptCutoff(q, kept)
if not cutoff then return {} end
local out, needle = {cutoff}, id .. '\31'
eachEntry(q, '-', function(entryId, b)
  if string.find(b, needle, 1, true) then
    out[#out + 1] = entryId
    out[#out + 1] = b
  end
end)
return out
