-- _promote.lua: the promotion of due Scheduled tasks, shared by claim.lua and promote.lua (their
-- line "--#include _promote", after "--#include _tasks", "--#include _history" and
-- "--#include _ready": it uses the task, event and ready helpers).
-- KEYS     none of its own: it takes the queue prefix q (the including script's KEYS[1])
-- ARGV     none of its own: the including script passes its ARGV values in
-- Returns  nothing; the helper:
--   promoteDue(q, now, limit, events)  moves up to limit Scheduled tasks of q due by now (unix ms, as
--            a string) to Pending at the back of their priority (list or lane, _ready.lua), each with a
--            'promoted' event; returns how many it moved, and true when any went to a lane
local function promoteDue(q, now, limit, events)
  local due = redis.call('ZRANGEBYSCORE', q .. ':scheduled', '-inf', now, 'LIMIT', 0, limit)
  if #due == 0 then return 0, false end
  local ready = readyBatch(q, now)
  local tasks, keys = loadTasks(q, due)
  for i, id in ipairs(due) do
    local t = tasks[i]
    if t then -- a scheduled entry without its task would be a bug; it only leaves the index
      t[STATE] = 'P'
      addReady(ready, t[PRIORITY], id, t)
      event(q, events, id, 'promoted', 'S', 'P', nil, t[ATTEMPT] or 0, now)
    end
  end
  saveTasks(due, tasks, keys)
  pushReady(q, ready)
  bulk('ZREM', q .. ':scheduled', due)
  return #due, ready.lanes ~= nil
end
