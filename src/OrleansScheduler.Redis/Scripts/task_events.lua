-- task_events.lua: one task's events still in its queue's stream, oldest first. Reads only.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  the task id
-- ARGV[2]  HistoryLimits.EventStreamLength: only the newest this many entries count as kept (see events.lua)
-- Returns  the kept entries of events whose t is the id, in XRANGE's shape (see events.lua). Walks
--          the kept stream, 1000 entries a step: it holds about HistoryLimits.EventStreamLength.
local key, id, from, out = KEYS[1] .. ':events', ARGV[1], '-', {}
if tonumber(ARGV[2]) <= 0 then return out end
local excess = redis.call('XLEN', key) - tonumber(ARGV[2])
if excess > 0 then
  local gone = redis.call('XRANGE', key, '-', '+', 'COUNT', excess)
  from = '(' .. gone[#gone][1]
end
while true do
  local chunk = redis.call('XRANGE', key, from, '+', 'COUNT', 1000)
  for _, entry in ipairs(chunk) do
    if entry[2][2] == id then out[#out + 1] = entry end -- t is every entry's first field
  end
  if #chunk < 1000 then return out end
  from = '(' .. chunk[#chunk][1]
end
