-- _ready.lua: a queue's Pending tasks, for the scripts with the line "--#include _ready",
-- after "--#include _tasks" (it uses bulk() and the task helpers).
-- Shared tasks (no routing, or one that neither names a silo nor filters at claim): one list per priority,
-- <q>:ready:<priority> (ids, oldest first), and <q>:prios, a zset of the priorities whose list is not empty
-- (score = -priority, so the highest priority comes first). Lists instead of one zset scored by priority
-- and sequence: an id in a list costs about a quarter of the memory, and a push or pop a fraction of the
-- CPU, of a zset entry.
-- Routed tasks wait in lanes instead (the lane rule, applied by addReady on every path that makes a task
-- Pending): a zset per lane, scored (1000 - priority) * 2^42 + sequence (<q>:lseq; TaskLimits.MaxPriority is
-- 1000, so the score is exact in a double), so highest priority first, then the order they became ready:
--   <q>:routed:<silo>   routed to that silo (rt); <q>:routed:- waits for a silo (rt = '-', TaskRouting.NoSilo).
--                       A task routed to a silo in <q>:gone goes to <q>:routed:- (its rt becomes '-').
--                       <q>:routed is the set of the rt values whose lane is not empty
--   <q>:key:<key>       not routed, with a concurrency key (rl = 'k'). <q>:keys is a zset of the keys whose
--                       lane is not empty and that run fewer tasks than their limit, <q>:kfull one of those
--                       that run their limit (claims never look there), both scored by their lane's head;
--                       <q>:krun:<key> the set of the key's Running ids (every task with a key, in whatever
--                       lane it waited). A key's limit is its lane head's (the tasks of a key share one)
--   <q>:fit             not routed, filtering at claim without a key (rl = 'f')
-- A task entering a lane has rs (since) set to now.
-- KEYS     none of its own: the helpers take the queue prefix q (the including script's KEYS[1])
-- ARGV     none of its own
-- Returns  nothing; the helpers:
--   readyBatch(q, now)                 a table to collect ids by priority (and lane) for pushReady
--   addReady(batch, pr, id, t)         adds task id (t its fields) at priority pr (number or string) to
--                                      batch, in order: a routed one to its lane (rt and rs set on t now,
--                                      before the caller saves it)
--   pushReady(q, batch)                appends the batch's ids to the back of their priorities' lists and
--                                      lanes; batch.fresh is true after it when a lane it pushed to (other
--                                      than the wait lane) was empty
--   popReady(q, n)                     removes and returns up to n shared ids, highest priority first, FIFO
--                                      within a priority
--   popLevel(q, level, n, out)         removes up to n ids of one priority's list, appending them to out
--   removeReady(q, pr, id, t)          takes one Pending task out of its list (LREM: linear in that list's
--                                      length; only single-task transitions use it) or its lane
--   laneOf(q, t)                       a routed Pending task's lane zset, kind ('s' silo or wait, 'k' key,
--                                      'f' fit) and target (rt, or the key); nil for a shared task
--   toLane(q, kind, target, lane, args)  ZADDs score/id pairs args to a lane and keeps its index exact
--   fromLane(q, kind, target, lane, ids)  takes ids out of a lane and keeps its index exact
--   indexKey(q, key)                   files the key in keys or kfull (or neither, its lane empty) by its
--                                      lane's head and how many of it run
--   stopRunning(q, t, id)              for a task (t) whose attempt ends: takes it out of its key's running
--                                      set, if it has a key (one table lookup when it has none)
--   leaveRunning(q, t, id)             for one task whose attempt ends: out of running, running:<silo> and
--                                      its key's running set (stopRunning)
--   readyLevels(q)                     the priorities that have shared Pending tasks, highest first (strings)
--   adoptOldReady(q)                   for a queue stored before the ready lists (one sorted set
--                                      <q>:ready, scored by priority then sequence): moves up to 10,000
--                                      of its ids whose task is still Pending to the front of their
--                                      priority's list, keeping their old order (they are older than
--                                      any id the lists hold); deletes its <q>:seq counter once the set
--                                      is empty. claim.lua and promote.lua call it (one EXISTS when
--                                      there is nothing to move)
local NO_SILO = '-'
local LANE_SHIFT = 4398046511104 -- 2^42: sequences stay below it, priorities above it

local function readyBatch(q, now) return {order = {}, ids = {}, q = q, now = now} end

-- a priority as its list's suffix: stored and passed priorities are already integer text (C# writes
-- them), so the common case formats nothing (string.format costs about a microsecond per call)
local function levelOf(pr)
  if not pr then return '0' end
  if type(pr) == 'string' then return pr end
  return string.format('%d', pr)
end

local function laneOf(q, t)
  local rt = t[ROUTED_TO]
  if rt then return q .. ':routed:' .. rt, 's', rt end
  local lane = t[LANE]
  if lane == 'k' then
    local key = cjson.decode(t[ROUTING]).concurrencyKey
    return q .. ':key:' .. key, 'k', key
  end
  if lane == 'f' then return q .. ':fit', 'f', nil end
  return nil
end

-- whether the queue requeued silo s (a dead one), once per batch
local function requeued(batch, s)
  batch.gone = batch.gone or {}
  local g = batch.gone[s]
  if g == nil then
    g = redis.call('ZSCORE', batch.q .. ':gone', s) ~= false
    batch.gone[s] = g
  end
  return g
end

-- the lane rule; the common case (no rt, no rl) costs two table lookups
local function addToLane(batch, pr, id, t)
  local rt = t[ROUTED_TO]
  if rt and rt ~= NO_SILO and requeued(batch, rt) then t[ROUTED_TO] = NO_SILO end
  t[SINCE] = tonumber(batch.now)
  local lane, kind, target = laneOf(batch.q, t)
  local lanes = batch.lanes or {order = {}, byLane = {}, n = 0}
  batch.lanes = lanes
  local e = lanes.byLane[lane]
  if not e then
    e = {kind = kind, target = target, ids = {}, prs = {}, at = {}}
    lanes.byLane[lane] = e
    lanes.order[#lanes.order + 1] = lane
  end
  -- sequences follow the batch's order across lanes, so submission order holds between lanes too
  lanes.n = lanes.n + 1
  e.ids[#e.ids + 1], e.prs[#e.prs + 1], e.at[#e.at + 1] = id, tonumber(pr) or 0, lanes.n
end

local function addReady(batch, pr, id, t)
  if t and (t[ROUTED_TO] or t[LANE]) then return addToLane(batch, pr, id, t) end
  local level = levelOf(pr)
  local ids = batch.ids[level]
  if not ids then
    ids = {}
    batch.ids[level] = ids
    batch.order[#batch.order + 1] = level
  end
  ids[#ids + 1] = id
end

local function indexKey(q, key)
  local head = redis.call('ZRANGE', q .. ':key:' .. key, 0, 0, 'WITHSCORES')
  local t = head[1] and loadTask(q, head[1])
  if not t then
    redis.call('ZREM', q .. ':keys', key)
    redis.call('ZREM', q .. ':kfull', key)
    return
  end
  local limit = tonumber(cjson.decode(t[ROUTING]).maxConcurrent) or 1
  local full = redis.call('SCARD', q .. ':krun:' .. key) >= limit
  redis.call('ZADD', q .. (full and ':kfull' or ':keys'), head[2], key)
  redis.call('ZREM', q .. (full and ':keys' or ':kfull'), key)
end

local function toLane(q, kind, target, lane, args)
  bulk('ZADD', lane, args)
  if kind == 's' then redis.call('SADD', q .. ':routed', target)
  elseif kind == 'k' then indexKey(q, target) end
end

local function fromLane(q, kind, target, lane, ids)
  bulk('ZREM', lane, ids)
  if kind == 's' then
    if redis.call('EXISTS', lane) == 0 then redis.call('SREM', q .. ':routed', target) end
  elseif kind == 'k' then
    indexKey(q, target) -- the index is scored by the lane's head, which may just have left
  end
end

local function stopRunning(q, t, id)
  if t[LANE] ~= 'k' then return end
  local key = cjson.decode(t[ROUTING]).concurrencyKey
  if redis.call('SREM', q .. ':krun:' .. key, id) == 1 then indexKey(q, key) end
end

local function leaveRunning(q, t, id)
  redis.call('ZREM', q .. ':running', id)
  redis.call('SREM', q .. ':running:' .. t[SILO], id)
  stopRunning(q, t, id)
end

local function pushLanes(q, batch)
  local lanes = batch.lanes
  local first = redis.call('INCRBY', q .. ':lseq', lanes.n) - lanes.n
  for _, lane in ipairs(lanes.order) do
    local e, args = lanes.byLane[lane], {}
    -- the wait lane wakes nobody: no silo claims from it
    if e.target ~= NO_SILO and redis.call('EXISTS', lane) == 0 then batch.fresh = true end
    for i, id in ipairs(e.ids) do
      args[#args + 1] = string.format('%.0f', (1000 - e.prs[i]) * LANE_SHIFT + first + e.at[i])
      args[#args + 1] = id
    end
    toLane(q, e.kind, e.target, lane, args)
  end
end

local function pushReady(q, batch)
  for _, level in ipairs(batch.order) do
    local ids, key = batch.ids[level], q .. ':ready:' .. level
    bulk('RPUSH', key, ids)
    redis.call('ZADD', q .. ':prios', -tonumber(level), level)
  end
  if batch.lanes then pushLanes(q, batch) end
end

local function readyLevels(q) return redis.call('ZRANGE', q .. ':prios', 0, -1) end

local function popLevel(q, level, want, out)
  local key = q .. ':ready:' .. level
  local ids = redis.call('LPOP', key, want)
  if ids then for _, id in ipairs(ids) do out[#out + 1] = id end end
  -- a level whose list ran dry goes, so every level left has Pending tasks
  if not ids or #ids < want or redis.call('EXISTS', key) == 0 then redis.call('ZREM', q .. ':prios', level) end
end

local function popReady(q, n)
  local out = {}
  if n <= 0 then return out end
  for _, level in ipairs(readyLevels(q)) do
    popLevel(q, level, n - #out, out)
    if #out >= n then break end
  end
  return out
end

local function removeReady(q, pr, id, t)
  if t and (t[ROUTED_TO] or t[LANE]) then
    local lane, kind, target = laneOf(q, t)
    return fromLane(q, kind, target, lane, {id})
  end
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
