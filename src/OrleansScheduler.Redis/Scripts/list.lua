-- list.lua: one queue's share of a task listing, in id order, with a bound on the work done.
-- KEYS[1]  the queue prefix, e.g. os:{q:default}
-- ARGV[1]  list ids after this one ('' = from the start)
-- ARGV[2]  most tasks to return    ARGV[3] most ids to look at in this call (>= 1)
-- ARGV[4]  only this state letter ('' = any)    ARGV[5] only this type ('' = any)
-- Returns  {status, lastId, seen, id, fields, id, fields, ...}, fields as HGETALL gives them,
--          seen = how many ids were looked at; status
--          0: the queue has no more ids (lastId = last id looked at, '' if none)
--          1: the page is full (lastId = the last id returned)
--          2: the look-at bound was reached (lastId = the last id looked at)
local q, limit, budget = KEYS[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local state, typ = ARGV[4], ARGV[5]
local from = ARGV[1] == '' and '-' or '(' .. ARGV[1]
local out, found, seen = {0, '', 0}, 0, 0
while true do
  local chunk = math.min(budget - seen, 256)
  local ids = redis.call('ZRANGEBYLEX', q .. ':ids', from, '+', 'LIMIT', 0, chunk)
  for _, id in ipairs(ids) do
    seen = seen + 1
    out[2], out[3] = id, seen
    local key = q .. ':task:' .. id
    local f = redis.call('HMGET', key, 's', 't')
    if f[1] and (state == '' or f[1] == state) and (typ == '' or f[2] == typ) then
      out[#out + 1] = id
      out[#out + 1] = redis.call('HGETALL', key)
      found = found + 1
      if found == limit then out[1] = 1; return out end
    end
    from = '(' .. id
  end
  if #ids < chunk then return out end
  if seen >= budget then out[1] = 2; return out end
end
