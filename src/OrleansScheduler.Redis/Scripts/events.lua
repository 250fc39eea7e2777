-- events.lua: reads a queue's event stream, oldest first (the client has no stream commands). Reads only.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  the event id to read after ('' = from the oldest kept)   ARGV[2] most events wanted
-- ARGV[3]  HistoryLimits.EventStreamLength: only the newest this many events count as kept
-- Returns  {cutoff, entryId, b, entryId, b, ...}: entries as _history.lua's flushEvents writes them,
--          from the one holding the first event after ARGV[1] (or the oldest), until they hold
--          ARGV[2] events past that one; cutoff = the number of the newest event no longer kept.
--          The reader leaves out events at or before ARGV[1] and those numbered at or below
--          cutoff. {} when there are no events. Entries of the unpacked form an older version wrote
--          (first field not b) are left out.
local q, after, max, kept = KEYS[1], ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
if kept <= 0 then return {} end
local last = redis.call('GET', q .. ':evlast')
if not last then return {} end
local key, newest = q .. ':events', tonumber(string.match(last, '%-(%d+)$'))
local out, from = {newest - kept}, '-'
if after ~= '' then
  -- the entry that holds the event 'after' (or the last one before it) may hold later ones too
  local at = redis.call('XREVRANGE', key, after, '-', 'COUNT', 1)
  if #at > 0 then from = at[1][1] end
end
-- every event from the second entry returned on is after 'after' and kept, so once those hold max, enough
local entries, second = 0, nil
while true do
  local chunk = redis.call('XRANGE', key, from, '+', 'COUNT', 100)
  for _, entry in ipairs(chunk) do
    if entry[2][1] == 'b' then -- entries written before the events were packed are left out
      local number = tonumber(string.match(entry[1], '%-(%d+)$'))
      if second and number - second >= max then return out end
      entries = entries + 1
      if entries == 2 then second = number end
      out[#out + 1] = entry[1]
      out[#out + 1] = entry[2][2]
    end
  end
  if #chunk < 100 then return out end
  from = '(' .. chunk[#chunk][1]
end
