-- _event_reader.lua: walking a queue's packed event stream (layout in _history.lua), shared by
-- events.lua and task_events.lua ("--#include _event_reader").
-- KEYS     none of its own: the helpers take the queue prefix q (the including script's KEYS[1])
-- ARGV     none of its own
-- Returns  nothing; the helpers:
--   keptCutoff(q, kept)            the number of the newest event no longer kept when the newest
--                                  kept are kept; nil when the queue has no events yet
--   eachEntry(q, from, visit)      calls visit(entryId, b) for each packed entry from the XRANGE start
--                                  'from' on, 100 entries a step, until visit returns true or the
--                                  stream ends. Entries an older version wrote one per event (first
--                                  field not b) are skipped.
local function keptCutoff(q, kept)
  local last = redis.call('GET', q .. ':evlast')
  if not last then return nil end
  return tonumber(string.match(last, '%-(%d+)$')) - kept
end

local function eachEntry(q, from, visit)
  local key = q .. ':events'
  while true do
    local chunk = redis.call('XRANGE', key, from, '+', 'COUNT', 100)
    for _, entry in ipairs(chunk) do
      if entry[2][1] == 'b' and visit(entry[1], entry[2][2]) then return end
    end
    if #chunk < 100 then return end
    from = '(' .. chunk[#chunk][1]
  end
end
