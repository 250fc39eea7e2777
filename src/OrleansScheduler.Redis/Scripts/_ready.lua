-- _ready.lua: a queue's Pending tasks, pasted by RedisScript in place of the line "--#include _ready",
-- after "--#include _tasks" (it uses bulk() and the task helpers).
-- One list per priority, <q>:ready:<priority> (ids, oldest first), and <q>:prios, a zset of the
-- priorities whose list is not empty (score = -priority, so the highest priority comes first). Lists
-- instead of one zset scored by priority and sequence: an id in a list costs about a quarter of the
-- memory, and a push or pop a fraction of the CPU, of a zset entry.
-- KEYS     none of its own: the helpers take the queue prefix q (the including script's KEYS[1])
-- ARGV     none of its own
-- Returns  nothing; the helpers:
--   readyBatch()                       a table to collect ids by priority for pushReady
--   addReady(batch, pr, id)            adds id at priority pr (number or string) to batch, in order
--   pushReady(q, batch)                appends the batch's ids to the back of their priorities' lists
--   popReady(q, n)                     removes and returns up to n ids, highest priority first, FIFO
--                                      within a priority
--   removeReady(q, pr, id)             takes one Pending id out of its priority's list (LREM: linear in
--                                      that list's length; only single-task transitions use it)
--   readyLevels(q)                     the priorities that have Pending tasks, highest first (strings)
--   adoptOldReady(q)                   for a queue stored before the ready lists (one sorted set
--                                      <q>:ready, scored by priority then sequence): moves up to 10,000
--                                      of its ids whose task is still Pending to the front of their
--                                      priority's list, keeping their old order (they are older than
--                                      any id the lists hold); deletes its <q>:seq counter once the set
--                                      is empty. claim.lua and promote.lua call it (one EXISTS when
--                                      there is nothing to move)
local function readyBatch() return {order = {}, ids = {}} end

-- a priority as its list's suffix: stored and passed priorities are already integer text (C# writes
-- them), so the common case formats nothing (string.format costs about a microsecond per call)
local function levelOf(pr)
  if not pr then return '0' end
  if type(pr) == 'string' then return pr end
  return string.format('%d', pr)
end

local function addReady(batch, pr, id)
  local level = levelOf(pr)
  local ids = batch.ids[level]
  if not ids then
    ids = {}
    batch.ids[level] = ids
    batch.order[#batch.order + 1] = level
  end
  ids[#ids + 1] = id
end

local function pushReady(q, batch)
  for _, level in ipairs(batch.order) do
    local ids, key = batch.ids[level], q .. ':ready:' .. level
    bulk('RPUSH', key, ids)
    redis.call('ZADD', q .. ':prios', -tonumber(level), level)
  end
end

local function readyLevels(q) return redis.call('ZRANGE', q .. ':prios', 0, -1) end

local function popReady(q, n)
  local out = {}
  if n <= 0 then return out end
  for _, level in ipairs(readyLevels(q)) do
    local want = n - #out
    local key = q .. ':ready:' .. level
    local ids = redis.call('LPOP', key, want)
    if ids then for _, id in ipairs(ids) do out[#out + 1] = id end end
    -- a level whose list ran dry goes, so every level left has Pending tasks
    if not ids or #ids < want or redis.call('EXISTS', key) == 0 then redis.call('ZREM', q .. ':prios', level) end
    if #out >= n then break end
  end
  return out
end

local function removeReady(q, pr, id)
  local level = levelOf(pr)
  local key = q .. ':ready:' .. level
  redis.call('LREM', key, 1, id)
  if redis.call('EXISTS', key) == 0 then redis.call('ZREM', q .. ':prios', level) end
end

local function adoptOldReady(q)
  local old = q .. ':ready'
  if redis.call('EXISTS', old) == 0 then return end
  -- youngest first, each pushed in front of those moved before it: the oldest end up first, ahead of
  -- every id the lists already hold (those were submitted after the upgrade)
  for _ = 1, 10 do
    local popped = redis.call('ZPOPMAX', old, 1000)
    if #popped == 0 then break end
    for i = 1, #popped, 2 do
      local t = loadTask(q, popped[i])
      if t and t[STATE] == 'P' then
        local level = levelOf(t[PRIORITY])
        redis.call('LPUSH', q .. ':ready:' .. level, popped[i])
        redis.call('ZADD', q .. ':prios', -tonumber(level), level)
      end
    end
  end
  if redis.call('EXISTS', old) == 0 then redis.call('DEL', q .. ':seq') end
end
