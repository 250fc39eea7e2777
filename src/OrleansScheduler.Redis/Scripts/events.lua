-- events.lua: reads a queue's event stream, oldest first (the client has no stream commands). Reads only (no-writes: it also answers when Redis is out of memory).
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  the event id to read after ('' = from the oldest kept)   ARGV[2] most events wanted
-- ARGV[3]  HistoryLimits.EventStreamLength: only the newest this many events count as kept
-- Returns  {cutoff, entryId, b, entryId, b, ...}: entries as _history.lua's flushEvents writes them,
--          from the one holding the first event after ARGV[1] (or the oldest), until they hold
--          ARGV[2] events past that one; cutoff = the number of the newest event no longer kept.
--          The reader leaves out events at or before ARGV[1] and those numbered at or below
--          cutoff. {} when there are no events. Entries of the unpacked form an older version wrote
--          (first field not b) are left out.
--#flags no-writes
--#include _event_reader
local q, after, max, kept = KEYS[1], ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
if kept <= 0 then return {} end
local cutoff = keptCutoff(q, kept)
if not cutoff then return {} end
local out, from = {cutoff}, '-'
if after ~= '' then
  -- the entry that holds the event 'after' (or the last one before it) may hold later ones too
  local at = redis.call('XREVRANGE', q .. ':events', after, '-', 'COUNT', 1)
  if #at > 0 then from = at[1][1] end
end
-- every event from the second entry returned on is after 'after' and kept, so once those hold max, enough
local entries, second = 0, nil
eachEntry(q, from, function(id, b)
  local number = tonumber(string.match(id, '%-(%d+)$'))
  if second and number - second >= max then return true end
  entries = entries + 1
  if entries == 2 then second = number end
  out[#out + 1] = id
  out[#out + 1] = b
end)
return out
