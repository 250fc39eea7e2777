-- task_events.lua: the stream entries that may hold one task's events, oldest first. Reads only.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  the task id
-- ARGV[2]  HistoryLimits.EventStreamLength: only the newest this many events count as kept (see events.lua)
-- Returns  {cutoff, entryId, b, ...} as events.lua, with only the entries whose events name the
--          id (a text search: the reader keeps the events whose task is the id). Walks the whole
--          stream, 100 entries a step: it holds about HistoryLimits.EventStreamLength events.
local q, id, kept = KEYS[1], ARGV[1], tonumber(ARGV[2])
if kept <= 0 then return {} end
local last = redis.call('GET', q .. ':evlast')
if not last then return {} end
local key, from = q .. ':events', '-'
local out, needle = {tonumber(string.match(last, '%-(%d+)$')) - kept}, id .. '\31'
while true do
  local chunk = redis.call('XRANGE', key, from, '+', 'COUNT', 100)
  for _, entry in ipairs(chunk) do
    if entry[2][1] == 'b' and string.find(entry[2][2], needle, 1, true) then
      out[#out + 1] = entry[1]
      out[#out + 1] = entry[2][2]
    end
  end
  if #chunk < 100 then return out end
  from = '(' .. chunk[#chunk][1]
end
