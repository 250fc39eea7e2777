-- list.lua: one queue's share of a task listing, in id order, with a bound on the work done.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  list ids after this one ('' = from the start)
-- ARGV[2]  most tasks to return    ARGV[3] most ids to look at in this call (>= 1)
-- ARGV[4]  only this state letter ('' = any)    ARGV[5] only this type ('' = any)
-- Returns  {status, lastId, seen, id, task, id, task, ...}, each task packed as in its chunk (read by
--          RedisTaskPacking; unpacked here only to filter), seen = how many ids were looked at; status
--          0: the queue has no more ids (lastId = last id looked at, else ARGV[1])
--          1: the page is full (lastId = the last id returned)
--          2: the look-at bound was reached (lastId = the last id looked at, else ARGV[1])
--          Walks the chunks in bound order, each sorted by id. A queue still partly stored the way the
--          version before the chunks stored it has its lowest old ids moved first, and the walk stops (2)
--          before the lowest id still left there, so nothing is skipped.
--#include _chunks
--#include _tasks
local q, after, limit, budget = KEYS[1], ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local state, typ = ARGV[4], ARGV[5]
local out, found, seen = {0, after, 0}, 0, 0

local stopAt
if redis.call('EXISTS', q .. ':ids') == 1 then
  adoptOldTasks(q, 1000)
  stopAt = redis.call('ZRANGE', q .. ':ids', 0, 0)[1]
end

local bound = after == '' and '' or boundOf(q, after)
while true do
  local all, values, ids = redis.call('HGETALL', chunkKey(q, bound)), {}, {}
  for i = 1, #all, 2 do values[all[i]] = all[i + 1]; ids[#ids + 1] = all[i] end
  local from = after ~= '' and after or nil
  local below = sortedIds(q, ids, from, stopAt)
  for _, id in ipairs(below) do
    seen = seen + 1
    out[2], out[3] = id, seen
    local packed = values[id]
    local t = (state ~= '' or typ ~= '') and unpackTask(packed)
    if not t or ((state == '' or t[STATE] == state) and (typ == '' or t[TYPE] == typ)) then
      out[#out + 1] = id
      out[#out + 1] = packed
      found = found + 1
      if found == limit then out[1] = 1; return out end
    end
    if seen >= budget then out[1] = 2; return out end
  end
  -- a chunk that had ids at or past stopAt ends the walk: the old ones still to move may come next
  if stopAt and #below < #sortedIds(q, ids, from) then out[1] = 2; return out end
  bound = boundAfter(q, bound)
  if not bound then
    if stopAt then out[1] = 2 end
    return out
  end
end
